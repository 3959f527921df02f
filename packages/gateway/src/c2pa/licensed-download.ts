import { createHash } from "node:crypto";
import { licenseTokenAbi } from "@ipnft/protocol/abis";
import type { Certificate } from "@ipnft/protocol/works";
import { type Address, getAddress } from "viem";
import { downloadHeaders, originalQuery } from "../api";
import type { StoredFile } from "../content/store";
import type { GatewayContext } from "../context";
import type { ServedStatement } from "./sign";

/**
 * The bytes a download serves, when they are not the stored original: the original with the gateway's C2PA manifest
 * stating how it is let out (JPEG and PNG, on a gateway with a signing certificate), unless the client asked for the
 * registered bytes with `?original=1`. `key` names the grant (file and license, or file and payment): the copy is
 * signed once per key and the same bytes are served again for it (c2pa/service.ts). Undefined: serve the original. A
 * copy that cannot be signed is logged and the original is served: access does not depend on the signer.
 */
export async function servedCopyFor(
  ctx: GatewayContext,
  request: Request,
  stored: StoredFile,
  key: string,
  statement: () => Promise<ServedStatement>,
): Promise<Uint8Array | undefined> {
  if (new URL(request.url).searchParams.get(originalQuery) === "1") return undefined;
  if (!ctx.credentials.signs(stored.mediaType)) return undefined;
  try {
    const original = () => ctx.store.read("originals", stored.cid);
    const { copy } = await ctx.credentials.servedCopy(key, { mediaType: stored.mediaType, original, statement });
    return copy;
  } catch (error) {
    console.error(`gateway: a signed copy of ${stored.cid} (${key}) could not be made; serving the original:`, error);
    return undefined;
  }
}

/** The licensed download's copy: the manifest names this license of the work and this licensee. */
export async function licensedCopyFor(
  ctx: GatewayContext,
  request: Request,
  certificate: Certificate,
  stored: StoredFile,
  licenseId: bigint,
  licensee: Address,
): Promise<Uint8Array | undefined> {
  const key = [stored.cid, licenseId, licensee.toLowerCase()].join(":");
  return servedCopyFor(ctx, request, stored, key, async () => ({
    kind: "license",
    ...(await licenseOf(ctx, licenseId)),
    chainId: ctx.deployment.chainId,
    registry: ctx.addresses.registry,
    ipId: certificate.ipId,
    licensee: getAddress(licensee),
    cid: stored.cid,
    sha256: stored.sha256,
  }));
}

/** A license's token contract, id, and terms (with their legal text's URI), as a served copy's manifest names them. */
export async function licenseOf(ctx: GatewayContext, licenseId: bigint) {
  const license = await ctx.client.readContract({
    address: ctx.addresses.licenses,
    abi: licenseTokenAbi,
    functionName: "getLicense",
    args: [licenseId],
  });
  const termsId = BigInt(license.termsId);
  const terms = await ctx.reader.terms(termsId);
  return { licenseToken: ctx.addresses.licenses, licenseId, termsId, termsUri: terms.legalTextURI || undefined };
}

/**
 * Headers of a signed copy: other bytes than the registered ones, so they get their own ETag and SHA-256 header
 * (`x-served-sha256`); `x-content-sha256` and `x-ipfs-cid` keep naming the registered original, which `?original=1`
 * serves. Returns the file as served (its size is the copy's) and the copy's SHA-256 (0x-prefixed).
 */
export function markSignedCopy(headers: Headers, stored: StoredFile, copy: Uint8Array) {
  const served = `0x${createHash("sha256").update(copy).digest("hex")}`;
  headers.set(downloadHeaders.c2pa, "gateway-signed");
  headers.set(downloadHeaders.servedSha256, served);
  headers.set("etag", `"${served.slice(2)}"`);
  return { served: { ...stored, size: copy.length } as StoredFile, sha256: served };
}

/** A copy's bytes [start, end] in chunks, as the download streams a stored file. */
export async function* copyChunks(copy: Uint8Array, { start, end }: { start: number; end: number }) {
  const chunk = 64 * 1024;
  for (let at = start; at <= end; at += chunk) yield copy.subarray(at, Math.min(end + 1, at + chunk));
}
