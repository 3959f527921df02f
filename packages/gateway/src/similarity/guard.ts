import { type Address, isAddressEqual } from "viem";
import type { GatewayContext } from "../context";
import { errorResponse } from "../http";
import type { DeriveFrom, SimilarWork, UploadSimilarity } from "./answer";
import { describeMatches, workWords } from "./describe";
import { type ImageHash, queryHashes, workHashes } from "./hash";

export type GuardVerdict = { ok: true; similar?: UploadSimilarity } | { ok: false; response: Response };

const percent = (similarity: number) => `${Math.round(similarity * 100)}%`;

/**
 * The registration guard: an upload that looks like a registered work (a near-duplicate by perceptual hash) is
 * - flagged only, when the work is the uploader's own (its creator or owner): a variant of one's own work;
 * - accepted as a derivative, when the uploader holds a license of that work that allows derivatives: the answer
 *   names the work and the license it must be registered from;
 * - refused (409 `near_duplicate`, naming the work and the similarity) otherwise, and always when the uploader is
 *   unknown (uploads open to anyone cannot tell a creator from a copier).
 */
export async function guardUpload(
  ctx: GatewayContext,
  uploader: Address | undefined,
  query: readonly ImageHash[],
  request: Request,
): Promise<GuardVerdict> {
  const matches = await describeMatches(ctx, query, request);
  if (matches.length === 0) return { ok: true };
  const own = (w: SimilarWork) =>
    uploader !== undefined && (isAddressEqual(w.creator, uploader) || isAddressEqual(w.owner, uploader));
  const deriveFrom: DeriveFrom[] = [];
  for (const work of matches.filter((w) => !own(w))) {
    const licensed = uploader ? await ctx.access.check(work.ipId, uploader, "derivative") : undefined;
    if (!licensed?.allowed) return { ok: false, response: refusal(work, matches, uploader) };
    deriveFrom.push({ ipId: work.ipId, licenseId: licensed.licenseId, similarity: work.similarity });
  }
  return { ok: true, similar: { matches, deriveFrom } };
}

function refusal(work: SimilarWork, matches: SimilarWork[], uploader: Address | undefined): Response {
  const who = uploader
    ? "Register it only as a derivative, with a license of that work that allows derivatives."
    : "Sign in, so the gateway can tell whether it is yours or licensed to you.";
  const reason =
    `This image is a near-duplicate (${percent(work.similarity)} similar) of ${workWords(work)}, registered by ` +
    `${work.creator}. ${who}`;
  return errorResponse(409, "near_duplicate", reason, { work, matches });
}

export type ImageUploadCheck =
  | { ok: true; hashes?: ImageHash[]; similar?: UploadSimilarity }
  | { ok: false; response: Response };

/** An image upload's hashes (to index once stored) and the guard's verdict on them. */
export async function checkImageUpload(
  ctx: GatewayContext,
  uploader: Address | undefined,
  bytes: Uint8Array,
  request: Request,
): Promise<ImageUploadCheck> {
  const [hashes, query] = await Promise.all([workHashes(bytes), queryHashes(bytes)]);
  // Bytes sharp cannot read are refused by the preview step, with the decoder's reason.
  if (!hashes || !query) return { ok: true };
  const verdict = await guardUpload(ctx, uploader, [query.hash, query.mirror], request);
  return verdict.ok ? { ok: true, hashes, ...(verdict.similar ? { similar: verdict.similar } : {}) } : verdict;
}
