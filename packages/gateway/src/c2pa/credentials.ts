import type { Hex } from "viem";

/**
 * Content credentials as the gateway reports them: the validation state of a file's embedded C2PA manifest store, the
 * hash the certificate records, and the active manifest's claims in a few fields. Types only, so the app and the
 * clients read them without loading the SDK.
 *
 * The manifest hash (`manifestHash`, the certificate's `c2paManifestHash`) is the SHA-256 of the C2PA manifest store
 * as embedded in the file: the bytes of the JUMBF superbox labelled `c2pa`, from its box header to its end, as the SDK
 * writes them (in a JPEG, the payloads of its APP11 segments joined without their segment headers; in a PNG, the data
 * of its `caBX` chunk). It is the same byte string the SDK's builder returns as the manifest when it signs, so anyone
 * holding the file or the manifest can recompute it.
 */
export type ContentCredentials = NoCredentials | ReadCredentials;

/** The file carries no embedded C2PA manifest store (or is of a type the gateway does not read them from). */
export interface NoCredentials {
  state: "none";
}

export interface ReadCredentials {
  /**
   * `valid`: the SDK validated the manifest store (signatures, hashes, bindings to these bytes). `invalid`: it is
   * present but failed; nothing in it is trusted, and `reason` says why in words, `codes` in the SDK's status codes.
   */
  state: "valid" | "invalid";
  /** SHA-256 of the embedded manifest store (see above), 0x-prefixed. */
  manifestHash: Hex;
  /** Whether the signer's certificate chains to one of the gateway's trust anchors. */
  trusted: boolean;
  /** The SDK's failure status codes (e.g. `assertion.dataHash.mismatch`, `signingCredential.untrusted`). */
  codes: string[];
  reason?: string;
  /** The active manifest's claims; absent when the store could not be parsed at all. */
  manifest?: ManifestSummary;
}

export interface ManifestSummary {
  label: string;
  title?: string;
  claimGenerator: string;
  actions: { action: string; when?: string; softwareAgent?: string; digitalSourceType?: string }[];
  /** Authors named by a schema.org CreativeWork assertion. */
  authors: string[];
  /** The CreativeWork assertion as written, when there is one. */
  creativeWork?: Record<string, unknown>;
  signer: { issuer?: string; commonName?: string; alg?: string; time?: string };
  ingredients: { title?: string; relationship?: string; hasManifest: boolean }[];
  /**
   * The gateway's assertion in a file it served: `org.ipnft.license` (a license), `org.ipnft.dataset-license` (a
   * member file under a dataset license) or `org.ipnft.payment` (an x402 payment); `licenseLabel` says which.
   */
  license?: Record<string, unknown>;
  licenseLabel?: string;
}

/** GET /api/works/:ipId/credentials (handlers/credentials.ts). */
export interface WorkCredentialsAnswer {
  ipId: bigint;
  cid: string;
  /** The certificate's `c2paManifestHash`, or null when it records none (zero). */
  certificateManifestHash: Hex | null;
  /** What that hash commits to, judged against the manifest store this gateway read from the original on upload. */
  commitment: "matches" | "differs" | "none" | "unknown";
  /** What the upload found; null when the original was not uploaded to this gateway. */
  credentials: ContentCredentials | null;
}

/** The custom assertion a gateway adds to each licensed file it serves. */
export const LICENSE_ASSERTION = "org.ipnft.license";
/** The one it adds to a file paid for per request over x402: the payment instead of a license. */
export const PAYMENT_ASSERTION = "org.ipnft.payment";
/** The one it adds to a dataset's member file served under a license of the dataset. */
export const DATASET_LICENSE_ASSERTION = "org.ipnft.dataset-license";
/** Every assertion the gateway adds to a file it serves. */
export const SERVED_ASSERTIONS: readonly string[] = [LICENSE_ASSERTION, PAYMENT_ASSERTION, DATASET_LICENSE_ASSERTION];

/** The hash the registration records: only a manifest the SDK validated is committed to; otherwise zero (none). */
export function manifestHashToRegister(credentials: ContentCredentials | undefined): Hex | undefined {
  return credentials?.state === "valid" ? credentials.manifestHash : undefined;
}
