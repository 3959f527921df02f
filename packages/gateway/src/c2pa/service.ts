import { eq } from "drizzle-orm";
import type { GatewayDb } from "../db/database";
import { contentCredentials } from "../db/schema";
import { type GatewaySigner, loadSigner, type SigningIdentity } from "./certificate";
import type { ContentCredentials } from "./credentials";
import { readContentCredentials } from "./read";
import { credentialTypes } from "./sdk";
import { type LicenseStatement, licensedCopyCache, type ServedStatement, signLicensedCopy } from "./sign";

/** How a gateway handles content credentials: its signing identity and the CAs it trusts (PEM). */
export interface ContentCredentialsOptions {
  /** Without one, licensed files are served as stored, unsigned. */
  identity?: SigningIdentity;
  /** Trust anchors (PEM bundle) for manifests read on upload and for checking its own; default none. */
  trustAnchors?: string;
  /** Bytes of signed copies kept in memory (256 MiB unless told). */
  cacheBytes?: number;
}

export interface ContentCredentialsService {
  /** Whether licensed downloads of this type carry the gateway's manifest. */
  signs(mediaType: string): boolean;
  /** Reads and validates an upload's embedded manifest and records what it found for its CID. */
  recordUpload(cid: string, bytes: Uint8Array, mediaType: string): Promise<ContentCredentials>;
  /** What the upload of this CID found, if it was uploaded here. */
  of(cid: string): Promise<ContentCredentials | undefined>;
  /**
   * The original with the gateway's manifest for (file, license, licensee): signed on first request, the same bytes
   * again after that. `original` and `statement` are only asked for when it is signed.
   */
  licensedCopy(
    key: { cid: string; licenseId: bigint; licensee: string },
    source: CopySource<LicenseStatement>,
  ): Promise<{ copy: Uint8Array; cached: boolean }>;
  /**
   * The same for any way a file is let out (a license, a dataset license, an x402 payment): `key` names the copy
   * (the file and the grant it is served under), so a request under the same grant gets the same bytes.
   */
  servedCopy(key: string, source: CopySource<ServedStatement>): Promise<{ copy: Uint8Array; cached: boolean }>;
}

/** Where a copy to sign comes from: asked for only when it is signed, not when it is cached. */
export interface CopySource<S extends ServedStatement> {
  mediaType: string;
  original: () => Promise<Uint8Array>;
  statement: () => Promise<S>;
}

export async function createContentCredentials(
  db: GatewayDb,
  options: ContentCredentialsOptions = {},
): Promise<ContentCredentialsService> {
  const signer: GatewaySigner | undefined = options.identity ? await loadSigner(options.identity) : undefined;
  const cache = licensedCopyCache(options.cacheBytes);
  const { trustAnchors } = options;
  const servedCopy: ContentCredentialsService["servedCopy"] = async (key, { mediaType, original, statement }) => {
    if (!signer) throw new Error("this gateway has no C2PA signing certificate");
    return cache.get(key, async () => {
      const [bytes, said] = await Promise.all([original(), statement()]);
      return signLicensedCopy(signer, bytes, mediaType, said, trustAnchors);
    });
  };
  return {
    signs: (mediaType) => Boolean(signer) && credentialTypes.has(mediaType),
    async recordUpload(cid, bytes, mediaType) {
      const credentials = await readContentCredentials(bytes, mediaType, trustAnchors);
      const row = {
        cid,
        state: credentials.state,
        manifestHash: credentials.state === "none" ? null : credentials.manifestHash,
        credentials,
        readAt: Date.now(),
      };
      await db.insert(contentCredentials).values(row).onConflictDoUpdate({ target: contentCredentials.cid, set: row });
      return credentials;
    },
    async of(cid) {
      const [row] = await db.select().from(contentCredentials).where(eq(contentCredentials.cid, cid));
      return row?.credentials;
    },
    licensedCopy: (key, source) => servedCopy([key.cid, key.licenseId, key.licensee.toLowerCase()].join(":"), source),
    servedCopy,
  };
}
