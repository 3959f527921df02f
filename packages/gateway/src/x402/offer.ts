import type { Address } from "viem";
import type { OnWire } from "../api";

/** Import-safe from browser code: types only (re-exported by the gateway's API, api.ts). */

/**
 * The x402 (v2) offer of a file sold per file, beside the license offers in a 402's body; the same offer is in the
 * `PAYMENT-REQUIRED` header (base64 JSON), which x402 clients read.
 */
export interface X402Offer {
  x402Version: 2;
  resource: { url: string; description: string; mimeType: string };
  accepts: Array<{
    scheme: string;
    network: string;
    asset: string;
    amount: string;
    payTo: string;
    maxTimeoutSeconds: number;
    extra: Record<string, unknown>;
  }>;
}

/** One file the caller paid for with x402 (pay per file, no license token), as the gateway recorded it. */
export interface PaidFile {
  ipId: bigint;
  cid: string;
  sha256: string;
  size: number | null;
  mediaType: string | null;
  /** The IP's creator: the rightsholder of record. */
  creator: Address;
  kind: string;
  /** The pay-per-file offer it was sold under, in words, with its legal text. */
  termsId: bigint | null;
  terms: string;
  legalTextURI: string | null;
  /** What was paid: the amount in the asset's own units (a 6-decimal stablecoin), to whom, and the settlement. */
  amount: string;
  asset: Address;
  payTo: Address;
  network: string;
  transaction: string;
  /** When the payment was settled (ISO). */
  at: string;
}

/** GET /api/x402/paid-files: the files the caller (signed in, or a signed request) paid for with x402, oldest first. */
export interface PaidFileListing {
  account: Address;
  chainId: number;
  files: PaidFile[];
}
export type PaidFilesAnswer = OnWire<PaidFileListing>;
