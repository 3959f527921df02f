import type { Terms, Use } from "@ipnft/protocol/terms";
import type { usageReceiptTypedData } from "@ipnft/protocol/verbs/usage";
import type { Address, Hex } from "viem";
import type { ErrorBody } from "./api-errors";
import type { ContentCredentials } from "./c2pa/credentials";
import type { UploadSimilarity } from "./similarity/answer";

export { type ContentCredentials, manifestHashToRegister, type WorkCredentialsAnswer } from "./c2pa/credentials";

/**
 * The gateway's HTTP API as types: every JSON body it answers with and every error code it can give. The web
 * client, the AI company's CLI and the tests read these; the handlers build their answers against them, so a field
 * renamed on one side is a type error on the other.
 *
 * Import-safe from browser code: types and constants only, nothing that runs on a server.
 *
 * Bodies are declared as the server builds them (amounts and ids as bigint) and read as `OnWire<...>`: JSON carries
 * a bigint as its decimal string.
 */
export type OnWire<T> = T extends bigint ? string : T extends object ? { [K in keyof T]: OnWire<T[K]> } : T;

/** Errors: every code the gateway answers with and the bodies that carry their own fields. */
export * from "./api-errors";

/** A file in the content store, as an upload is answered. */
export interface StoredFileAnswer {
  cid: string;
  /** The binary CIDv1 `IPRegistry.register` takes. */
  cidBytes: Hex;
  sha256: Hex;
  size: number;
  mediaType: string;
  /** Images: their public low-resolution preview. */
  previewCid?: string;
  previewUrl?: string;
}

/** Metadata JSON in the content store, addressed by its raw CIDv1. */
export interface MetadataRef {
  cid: string;
  cidBytes: Hex;
  sha256: Hex;
  url: string;
}

/** POST /api/uploads (multipart: `file`, optional `metadata`): 201 when stored now, 200 when already stored. */
export interface UploadAnswer extends StoredFileAnswer {
  created: boolean;
  metadata?: MetadataRef;
  /** Images: the 64-bit perceptual hash of the whole image (16 hex digits), for the work's metadata. */
  perceptualHash?: string;
  /** An image like registered works: flagged, and the works it must be registered as a derivative of. */
  similar?: UploadSimilarity;
  /** The original's embedded C2PA manifest store as the SDK judged it (c2pa/credentials.ts). */
  contentCredentials: ContentCredentials;
}

/** POST /api/metadata: 201 when stored now, 200 when already stored. */
export interface MetadataAnswer extends MetadataRef {
  created: boolean;
}

/** POST /api/legal: a license document, stored by content; `uri` (`ipfs://<cid>`) is what terms name it by. */
export interface LegalDocumentAnswer extends StoredFileAnswer {
  created: boolean;
  uri: string;
  /** Where this gateway serves it: `<origin>/api/legal/<cid>`. */
  url: string;
}

// ------------------------------------------------------------------------------------------------ catalog

/** How to buy an offer on chain, spelled out for a program. */
export interface BuyInstructions {
  chainId: number;
  contract: Address;
  function: string;
  args: [ipId: bigint, termsId: bigint, maxFee: bigint];
  pay: { token: Address; symbol: string; approve: { spender: Address; amount: bigint } };
  thenStream?: { token: Address; minFlowRatePerSecond: bigint };
  metered?: { pricePerFile: bigint; maxUnpaidFiles: bigint };
}

/** One offer of a work, with its terms in words and how to buy it. */
export interface OfferForSale {
  termsId: bigint;
  salesOpen: boolean;
  sold: number;
  summary: string;
  terms: Terms;
  /** Where the terms' legal text can be read (`/api/legal/<cid>` for an `ipfs://` document), when it can be. */
  legalTextUrl?: string;
  buy: BuyInstructions;
}

/** Where a work's terms are published for machines. */
export interface MachineReadableLinks {
  rsl: string;
  tdmPolicy: string;
  terms: string;
}

/** GET /api/works/:ipId/terms: the birth certificate and the terms on offer. */
export interface WorkTerms {
  ipId: bigint;
  cid: string;
  contentHash: Hex;
  metadataCid: string;
  creator: Address;
  owner: Address;
  birthTime: number;
  offers: OfferForSale[];
  machineReadable: MachineReadableLinks;
}
export type WorkTermsAnswer = OnWire<WorkTerms>;

/** One entry of /.well-known/tdmrep.json. */
export interface TdmRepEntry {
  location: string;
  "tdm-reservation": 1;
  "tdm-policy"?: string;
}

// ------------------------------------------------------------------------------------------------ downloads

/** Response headers of a download (GET /api/works/:ipId/content), beside the TDMRep ones. */
export const downloadHeaders = {
  sha256: "x-content-sha256",
  cid: "x-ipfs-cid",
  ipId: "x-ip-id",
  /** The license the download was served under. */
  licenseId: "x-license-id",
  /** The block at which the chain granted access. */
  accessBlock: "x-access-block",
  /**
   * `gateway-signed` when the bytes are the original with the gateway's C2PA manifest added (their SHA-256 is then
   * `servedSha256`, not the registered `sha256`; the manifest's hard binding covers them). Absent: the registered bytes.
   */
  c2pa: "x-c2pa",
  servedSha256: "x-served-sha256",
} as const;

/**
 * `?original=1` on a licensed download: the registered bytes exactly as stored, without the gateway's C2PA manifest,
 * for clients that verify a file against the chain's SHA-256 and CID (the AI client, the MCP server).
 */
export const originalQuery = "original";

/** 402 `license_required`: the caller holds no license of the work; the offers it could buy. */
export interface LicenseRequired extends ErrorBody {
  ipId: bigint;
  use: Use;
  offers: OfferForSale[];
  machineReadable: MachineReadableLinks;
}

export type * from "./similarity/answer";
export type { PaidFile, PaidFileListing, PaidFilesAnswer, X402Offer } from "./x402/offer";

/** A license the caller holds that does not cover the request, and why. */
export interface UncoveringLicense {
  licenseId: bigint;
  termsId: number;
  expiry: number;
  expired: boolean;
  allowsUse: boolean;
  problem: string;
}

/** 403 `license_does_not_cover`: the caller's licenses, each with what is wrong with it. */
export interface LicenseDoesNotCover extends LicenseRequired {
  licenses: UncoveringLicense[];
}

export type { DatasetManifest, DatasetManifestAnswer, DatasetManifestMember } from "./datasets/api";

// ------------------------------------------------------------------------------------------------ sign-in

/** GET /api/auth/nonce: a single-use nonce for a SIWE message, and the chain to name in it. */
export interface NonceAnswer {
  nonce: string;
  chainId: number;
}

/** POST /api/auth/siwe and GET /api/auth/session: who the session cookie says the caller is. */
export interface SessionAnswer {
  account: Address;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/** POST /api/auth/logout. */
export interface SignedOutAnswer {
  signedOut: true;
}

// ------------------------------------------------------------------------------------------------ licensee views

/** Usage served under one license, summed in the gateway's database (every gateway on it counts into one row). */
export interface LicenseUsage {
  licenseId: bigint;
  account: Address;
  ipId: bigint;
  servedBytes: bigint;
  fileSize: bigint;
  files: number;
  /** Metered units used so far: what the licensee's receipts must come to cover. */
  units: bigint;
}

/** One license the caller holds, with what it grants now. */
export interface HeldLicense {
  licenseId: bigint;
  ipId: bigint;
  termsId: bigint;
  start: number;
  expiry: number;
  grants: Record<Use, boolean>;
  terms: Terms;
  summary: string;
  /** Absent when the IP is not registered (never, on a consistent chain). */
  work?: {
    cid: string;
    contentHash: Hex;
    creator: Address;
    metadataCid: string;
    /** Whether this gateway holds the original. */
    stored: boolean;
    size?: number;
    mediaType?: string;
    contentUrl: string;
  };
  usage: LicenseUsage | null;
}

/** GET /api/licenses: every license the caller holds, read at one block. */
export interface LicenseListing {
  account: Address;
  chainId: number;
  block: bigint;
  licenses: HeldLicense[];
}
export type LicensesAnswer = OnWire<LicenseListing>;

/** A usage receipt to sign: EIP-712 typed data in UsageMeter's domain, as the protocol writes it. */
export type UsageReceiptTypedData = ReturnType<typeof usageReceiptTypedData>;

/** 402 `usage_receipt_required`: too many files served unsigned under a license; the receipt that unblocks it. */
export interface UsageReceiptRequired extends ErrorBody {
  licenseId: bigint;
  cumulativeUnits: bigint;
  signedUnits: bigint;
  receipt: UsageReceiptTypedData;
}

/** One license's metered usage, what is signed and settled of it, and the receipt to sign next. */
export interface UsageRow {
  licenseId: bigint;
  ipId: bigint;
  files: number;
  servedBytes: bigint;
  units: bigint;
  signedUnits: bigint;
  settledUnits: bigint;
  pricePerUnit: bigint;
  metered: boolean;
  owed: bigint;
  receiptToSign?: UsageReceiptTypedData;
}

/** GET /api/usage on a gateway that meters: rows per license, receipts signed for `verifyingContract`. */
export interface MeteredUsage {
  account: Address;
  chainId: number;
  verifyingContract: Address;
  usage: UsageRow[];
}

/** GET /api/usage on a deployment without a usage meter: what was served, nothing to sign. */
export interface UnmeteredUsage {
  account: Address;
  metered: false;
  usage: LicenseUsage[];
}
export type UsageAnswer = OnWire<MeteredUsage | UnmeteredUsage>;

/** Why the gateway did not keep a submitted receipt. */
export type ReceiptRefusal =
  | "malformed_receipt"
  | "forged_receipt"
  | "signature_not_canonical"
  | "not_licensee"
  | "unknown_usage"
  | "receipt_exceeds_usage"
  | "receipt_not_newer";

/** A receipt as the licensee submits it (POST /api/usage/receipts, `{ receipts: [...] }`). */
export interface SignedReceipt {
  licenseId: string;
  cumulativeUnits: string;
  signature: Hex;
}

export type ReceiptResult =
  | { licenseId: bigint; accepted: true; cumulativeUnits: bigint }
  | { licenseId?: bigint; accepted: false; error: ReceiptRefusal; reason?: string };

/** POST /api/usage/receipts: one result per submitted receipt, in order. */
export interface ReceiptResults {
  results: ReceiptResult[];
}
export type ReceiptsAnswer = OnWire<ReceiptResults>;

// ------------------------------------------------------------------ request signatures (headless clients)

export { gatewayDomain, gatewayRequestTypes, REQUEST_SIGNATURE_SCHEME } from "./api-request-signature";
