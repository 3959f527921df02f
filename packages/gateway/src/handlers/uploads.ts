import { cidBytes } from "@ipnft/protocol/content/cid";
import type { Address } from "viem";
import type { MetadataAnswer, MetadataRef, StoredFileAnswer, UploadAnswer } from "../api";
import { makePreview } from "../content/preview";
import { judgeMediaType, previewableTypes } from "../content/sniff";
import type { StoredFile } from "../content/store";
import type { GatewayContext } from "../context";
import { errorResponse, jsonResponse, limitedBody } from "../http";
import { rateLimit, spendUploadBytes } from "../quota";
import { checkImageUpload } from "../similarity/guard";
import { hashHex } from "../similarity/hash";
import { authenticate } from "./auth";

/**
 * Uploads: originals (multipart `file`, with an optional `metadata` JSON field) and metadata JSON, stored
 * content-addressed. The type is read from the bytes, images get a public low-resolution preview, and the answer
 * carries the SHA-256 and CIDv1 `IPRegistry.register` takes.
 */

/** POST /api/uploads. */
export async function upload(ctx: GatewayContext, request: Request): Promise<Response> {
  const { store, limits } = ctx;
  const uploader = await uploaderOf(ctx, request);
  if (uploader instanceof Response) return uploader;
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    return errorResponse(415, "multipart_required", 'Upload the file as multipart/form-data, in a field named "file".');
  }
  // Refuse an oversized body before reading it when its length is declared, and while reading it
  // when it is not: the multipart envelope and a metadata field get a small allowance.
  const envelopeAllowance = limits.maxMetadataBytes + 64 * 1024;
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limits.maxUploadBytes + envelopeAllowance) {
    return tooLarge(ctx, declared);
  }
  let form: FormData;
  const limited = limitedBody(request, limits.maxUploadBytes + envelopeAllowance);
  try {
    form = await limited.request.formData();
  } catch {
    if (limited.exceeded()) return tooLarge(ctx);
    return errorResponse(400, "malformed_upload", "The upload is not a readable multipart form.");
  }
  const file = form.get("file");
  if (!(file instanceof File))
    return errorResponse(400, "missing_file", 'The form has no file in a field named "file".');
  if (file.size === 0) return errorResponse(400, "empty_file", "The file is empty: there is nothing to register.");
  if (file.size > limits.maxUploadBytes) return tooLarge(ctx, file.size);
  if (uploader) {
    const overQuota = await spendUploadBytes(ctx, uploader, file.size);
    if (overQuota) return overQuota;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());

  const verdict = judgeMediaType(bytes, file.type || undefined);
  if (!verdict.ok) {
    const shown = verdict.sniffed ? { sniffed: verdict.sniffed, declared: file.type } : {};
    return errorResponse(415, verdict.error, verdict.reason, shown);
  }
  // Near-duplicates of registered works: flagged, registered as derivatives, or refused (similarity/guard.ts).
  const image = previewableTypes.has(verdict.mediaType)
    ? await checkImageUpload(ctx, uploader, bytes, request)
    : undefined;
  if (image && !image.ok) return image.response;

  let metadata: StoredFile | undefined;
  const metadataField = form.get("metadata");
  if (typeof metadataField === "string" && metadataField.length > 0) {
    const checked = checkMetadata(ctx, new TextEncoder().encode(metadataField));
    if (!checked.ok) return checked.response;
    metadata = (await store.put("metadata", checked.bytes, { mediaType: "application/json" })).file;
  }

  let previewCid: string | undefined;
  if (previewableTypes.has(verdict.mediaType)) {
    const preview = await makePreview(bytes);
    if (!preview.ok) return errorResponse(415, "unreadable_image", preview.reason);
    previewCid = (await store.put("previews", preview.bytes, { mediaType: preview.mediaType })).file.cid;
  }
  const { file: stored, created } = await store.put("originals", bytes, { mediaType: verdict.mediaType, previewCid });
  if (image?.hashes) await ctx.similarity.remember(stored.sha256, stored.cid, image.hashes);
  // Read from the bytes received, which are the stored ones (same CID).
  const contentCredentials = await ctx.credentials.recordUpload(stored.cid, bytes, stored.mediaType);
  const answer: UploadAnswer = {
    created,
    ...describeStored(ctx, stored, request),
    contentCredentials,
    ...(metadata ? { metadata: describeMetadata(ctx, metadata, request) } : {}),
    ...(image?.hashes?.length ? { perceptualHash: hashHex(image.hashes[0]) } : {}),
    ...(image?.similar ? { similar: image.similar } : {}),
  };
  return jsonResponse(created ? 201 : 200, answer);
}

/** POST /api/metadata: a metadata JSON object, stored content-addressed. */
export async function storeMetadata(ctx: GatewayContext, request: Request): Promise<Response> {
  const { maxMetadataBytes } = ctx.limits;
  const uploader = await uploaderOf(ctx, request);
  if (uploader instanceof Response) return uploader;
  let bytes: Uint8Array;
  const limited = limitedBody(request, maxMetadataBytes);
  try {
    bytes = new Uint8Array(await limited.request.arrayBuffer());
  } catch (error) {
    if (limited.exceeded()) {
      return errorResponse(413, "metadata_too_large", `Metadata may be at most ${maxMetadataBytes} bytes.`);
    }
    throw error;
  }
  const checked = checkMetadata(ctx, bytes);
  if (!checked.ok) return checked.response;
  if (uploader) {
    const overQuota = await spendUploadBytes(ctx, uploader, bytes.length);
    if (overQuota) return overQuota;
  }
  const { file, created } = await ctx.store.put("metadata", checked.bytes, { mediaType: "application/json" });
  const answer: MetadataAnswer = { created, ...describeMetadata(ctx, file, request) };
  return jsonResponse(created ? 201 : 200, answer);
}

/**
 * Who is uploading, when uploads need a signed-in wallet: its account, after counting the request against its
 * rate; a 401 or 429 answer otherwise. Undefined when uploads are open (no account to count against).
 */
async function uploaderOf(ctx: GatewayContext, request: Request): Promise<Address | Response | undefined> {
  if (!ctx.limits.requireAuthForUpload) return undefined;
  const who = await authenticate(request, ctx);
  if (!who.ok) return who.response;
  return (await rateLimit(ctx, "upload", who.account, ctx.limits.uploadQuota.perMinute)) ?? who.account;
}

function tooLarge(ctx: GatewayContext, size?: number): Response {
  const { maxUploadBytes } = ctx.limits;
  const reason = `Files up to ${maxUploadBytes} bytes are accepted${size ? `; this one is ${size}` : ""}.`;
  return errorResponse(413, "file_too_large", reason, { maxBytes: maxUploadBytes });
}

function describeStored(ctx: GatewayContext, stored: StoredFile, request: Request): StoredFileAnswer {
  // An original stored before its preview was made (say, the same bytes uploaded while the image
  // library refused them) keeps its record: the first record is the one that counts.
  const preview = stored.previewCid
    ? { previewCid: stored.previewCid, previewUrl: `${ctx.originOf(request)}/api/previews/${stored.previewCid}` }
    : {};
  return {
    cid: stored.cid,
    cidBytes: cidBytes(stored.cid),
    sha256: stored.sha256,
    size: stored.size,
    mediaType: stored.mediaType,
    ...preview,
  };
}

function describeMetadata(ctx: GatewayContext, stored: StoredFile, request: Request): MetadataRef {
  return {
    cid: stored.cid,
    cidBytes: cidBytes(stored.cid),
    sha256: stored.sha256,
    url: `${ctx.originOf(request)}/api/metadata/${stored.cid}`,
  };
}

function checkMetadata(
  ctx: GatewayContext,
  bytes: Uint8Array,
): { ok: true; bytes: Uint8Array } | { ok: false; response: Response } {
  const { maxMetadataBytes } = ctx.limits;
  if (bytes.length === 0) {
    return { ok: false, response: errorResponse(400, "empty_metadata", "The metadata is empty.") };
  }
  if (bytes.length > maxMetadataBytes) {
    const reason = `Metadata may be at most ${maxMetadataBytes} bytes.`;
    return { ok: false, response: errorResponse(413, "metadata_too_large", reason) };
  }
  try {
    const parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
  } catch {
    return { ok: false, response: errorResponse(415, "metadata_not_json", "Metadata must be a UTF-8 JSON object.") };
  }
  return { ok: true, bytes };
}
