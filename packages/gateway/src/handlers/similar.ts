import type { SimilarAnswer } from "../api";
import type { GatewayContext } from "../context";
import { errorResponse, jsonResponse, limitedBody } from "../http";
import { describeMatches, MATCH_SIMILARITY } from "../similarity/describe";
import { queryHashes } from "../similarity/hash";
import { limitSimilarRequests } from "../similarity/request-limit";

/**
 * POST /api/similar: any image (the raw bytes as the body, or multipart in a field named `file`), answered with the
 * registered works it most likely derives from, nearest first, each with its similarity (0–1), IP id, creator and
 * terms on offer. Open to anyone, like the catalog: the image is hashed in memory and never stored. Rate-limited per
 * network address and per signed-in account (similarity/request-limit.ts).
 */
export async function similar(ctx: GatewayContext, request: Request): Promise<Response> {
  // Counted before the body is read: a flood costs a database statement per request, not a decode and a hash.
  const limited = await limitSimilarRequests(ctx, request);
  if (limited) return limited;
  const max = ctx.limits.maxUploadBytes;
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  const tooLarge = () =>
    errorResponse(413, "file_too_large", `Images up to ${max} bytes are searched.`, { maxBytes: max });
  if (Number.isFinite(declared) && declared > max + 64 * 1024) return tooLarge();
  const body = limitedBody(request, max + 64 * 1024);
  let bytes: Uint8Array;
  try {
    if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
      const file = (await body.request.formData()).get("file");
      if (!(file instanceof File)) {
        return errorResponse(400, "missing_file", 'The form has no file in a field named "file".');
      }
      bytes = new Uint8Array(await file.arrayBuffer());
    } else {
      bytes = new Uint8Array(await body.request.arrayBuffer());
    }
  } catch {
    if (body.exceeded()) return tooLarge();
    return errorResponse(400, "malformed_upload", "The image could not be read from the request.");
  }
  if (bytes.length === 0) return errorResponse(400, "empty_file", "Send an image to search for: the body is empty.");
  if (bytes.length > max) return tooLarge();
  const hashes = await queryHashes(bytes);
  if (!hashes) {
    return errorResponse(415, "not_an_image", "That file is not an image the gateway can read (JPEG, PNG, WebP…).");
  }
  const answer: SimilarAnswer = {
    matches: await describeMatches(ctx, [hashes.hash, hashes.mirror], request),
    threshold: MATCH_SIMILARITY,
    searched: await ctx.similarity.size(),
  };
  return jsonResponse(200, answer);
}
