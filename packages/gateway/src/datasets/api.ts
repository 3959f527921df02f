import type { Address, Hex } from "viem";

/**
 * The dataset download's API as types (re-exported by `api.ts`; import-safe from browser code): one manifest per
 * dataset license listing the member files it lets out, each downloaded under that license.
 */

/** One member file the caller's dataset license lets out. */
export interface DatasetManifestMember {
  ipId: bigint;
  /** Base32 CIDv1 and SHA-256 of the original, as registered on chain: what a client verifies the bytes against. */
  cid: string;
  sha256: Hex;
  weight: bigint;
  creator: Address;
  /**
   * Whether this gateway holds the file; size, type and URL only then. `size`, `cid` and `sha256` are the registered
   * original's: on a gateway that signs, `url` serves a JPEG or PNG with the gateway's C2PA manifest added (other
   * bytes, named by `x-served-sha256`), and `url?original=1` serves the registered bytes, the ones to check against
   * `cid` and `sha256`.
   */
  stored: boolean;
  size?: number;
  mediaType?: string;
  url?: string;
}

/** GET /api/datasets/:ipId/manifest: what one dataset license lets out, read at one block. */
export interface DatasetManifest {
  datasetIpId: bigint;
  chainId: number;
  account: Address;
  licenseId: bigint;
  /** The block access was judged at; members are as the chain held them then. */
  block: bigint;
  curator: Address;
  curatorShareBps: number;
  totalWeight: bigint;
  use: string;
  members: DatasetManifestMember[];
  /** Members removed before this license was bought: not served under it. */
  withheld: bigint[];
}
export type DatasetManifestAnswer = import("../api").OnWire<DatasetManifest>;

/** Paths of the dataset routes, for clients that build them. */
export const datasetUrls = (origin: string, datasetIpId: bigint | string) => ({
  manifest: `${origin}/api/datasets/${datasetIpId}/manifest`,
  member: (memberIpId: bigint | string) => `${origin}/api/datasets/${datasetIpId}/members/${memberIpId}/content`,
});
