import { licenseTokenAbi } from "@ipnft/protocol/abis";
import type { Certificate } from "@ipnft/protocol/works";
import { type Address, getAddress } from "viem";
import { originalQuery } from "../api";
import type { StoredFile } from "../content/store";
import type { GatewayContext } from "../context";

/**
 * The bytes a licensed download serves, when they are not the stored original: the original with the gateway's C2PA
 * manifest naming this license and licensee (JPEG and PNG, on a gateway with a signing certificate), unless the
 * licensee asked for the registered bytes with `?original=1`. Undefined: serve the original. A copy that cannot be
 * signed is logged and the original is served: the licensee's access does not depend on the signer.
 */
export async function licensedCopyFor(
  ctx: GatewayContext,
  request: Request,
  certificate: Certificate,
  stored: StoredFile,
  licenseId: bigint,
  licensee: Address,
): Promise<Uint8Array | undefined> {
  if (new URL(request.url).searchParams.get(originalQuery) === "1") return undefined;
  if (!ctx.credentials.signs(stored.mediaType)) return undefined;
  try {
    const { copy } = await ctx.credentials.licensedCopy(
      { cid: stored.cid, licenseId, licensee },
      {
        mediaType: stored.mediaType,
        original: () => ctx.store.read("originals", stored.cid),
        statement: async () => {
          const license = await ctx.client.readContract({
            address: ctx.addresses.licenses,
            abi: licenseTokenAbi,
            functionName: "getLicense",
            args: [licenseId],
          });
          const termsId = BigInt(license.termsId);
          const terms = await ctx.reader.terms(termsId);
          return {
            chainId: ctx.deployment.chainId,
            registry: ctx.addresses.registry,
            ipId: certificate.ipId,
            licenseToken: ctx.addresses.licenses,
            licenseId,
            licensee: getAddress(licensee),
            termsId,
            termsUri: terms.legalTextURI || undefined,
            cid: stored.cid,
            sha256: stored.sha256,
          };
        },
      },
    );
    return copy;
  } catch (error) {
    console.error(`gateway: IP ${certificate.ipId}'s licensed copy could not be signed; serving the original:`, error);
    return undefined;
  }
}

/** A copy's bytes [start, end] in chunks, as the download streams a stored file. */
export async function* copyChunks(copy: Uint8Array, { start, end }: { start: number; end: number }) {
  const chunk = 64 * 1024;
  for (let at = start; at <= end; at += chunk) yield copy.subarray(at, Math.min(end + 1, at + chunk));
}
