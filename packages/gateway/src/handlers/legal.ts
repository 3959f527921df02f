import { readFile } from "node:fs/promises";
import path from "node:path";
import { cidBytes } from "@ipnft/protocol/content/cid";
import { legalDocumentPath, legalTextUri, presetLegalDocument } from "@ipnft/protocol/legal";
import type { Address } from "viem";
import type { LegalDocumentAnswer } from "../api";
import { repoRoot } from "../config";
import { parseCid } from "../content/cid";
import { judgeMediaType } from "../content/sniff";
import type { GatewayContext } from "../context";
import { errorResponse, jsonResponse, limitedBody } from "../http";
import { rateLimit, spendUploadBytes } from "../quota";
import type { Params } from "../routes";
import { authenticate } from "./auth";

/**
 * License documents by content: the presets' legal texts shipped in `packages/protocol/legal/` and documents artists
 * upload for their own terms (Markdown, plain text or PDF), each served at `/api/legal/<cid>` so that a terms'
 * `legalTextURI` of `ipfs://<cid>` can be read by anyone. Uploaded documents have their own shelf in the content store:
 * this public route can never be talked into serving a gated original, whatever CID it is asked for.
 */

/** The presets' documents, as the repository holds them. */
export const presetDocumentsDir = path.join(repoRoot, "packages", "protocol", "legal");

/** The largest document accepted: a licence is text, or a short PDF. */
export const MAX_LEGAL_DOCUMENT_BYTES = 2 * 1024 * 1024;

/** The types a licence document may be, as it is stored and served. */
export const legalDocumentTypes: readonly string[] = ["text/markdown", "text/plain", "application/pdf"];

/** A document never changes under its CID: caches may keep it for a year without asking again. */
const immutable = "public, max-age=31536000, immutable";

const extensionOf = (mediaType: string) =>
  mediaType === "application/pdf" ? "pdf" : mediaType === "text/markdown" ? "md" : "txt";

/** GET /api/legal/:cid: a license document, as its bytes (400 for a malformed CID, 404 for an unknown one). */
export async function legalDocument(ctx: GatewayContext, _request: Request, { cid }: Params): Promise<Response> {
  if (!parseCid(cid)) {
    return errorResponse(400, "malformed_cid", "A license document is named by a canonical base32 CIDv1 (bafk...).");
  }
  const found = await findDocument(ctx, cid);
  if (!found) return errorResponse(404, "unknown_legal_document", `No license document has the CID ${cid}.`);
  const { bytes, mediaType } = found;
  const textual = mediaType.startsWith("text/");
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": textual ? `${mediaType}; charset=utf-8` : mediaType,
      "content-length": String(bytes.length),
      "cache-control": immutable,
      etag: `"${cid}"`,
      // Text reads in place; a PDF downloads (browsers refuse to render one under the gateway's sandboxing CSP).
      "content-disposition": `${textual ? "inline" : "attachment"}; filename="${cid}.${extensionOf(mediaType)}"`,
    },
  });
}

async function findDocument(ctx: GatewayContext, cid: string) {
  const preset = presetLegalDocument(cid);
  if (preset) {
    const bytes = new Uint8Array(await readFile(path.join(presetDocumentsDir, preset.file)));
    return { bytes, mediaType: "text/markdown" };
  }
  const stored = await ctx.store.get("legal", cid);
  if (!stored) return undefined;
  return { bytes: await ctx.store.read("legal", cid), mediaType: stored.mediaType };
}

/**
 * POST /api/legal: a license document for custom terms (multipart, field `file`), stored by content. The answer
 * carries `uri` (`ipfs://<cid>`), the `legalTextURI` terms name it by, and `url`, where this gateway serves it.
 * Counted against the uploader's quota like any upload.
 */
export async function uploadLegalDocument(ctx: GatewayContext, request: Request): Promise<Response> {
  let uploader: Address | undefined;
  if (ctx.limits.requireAuthForUpload) {
    const who = await authenticate(request, ctx);
    if (!who.ok) return who.response;
    const limited = await rateLimit(ctx, "upload", who.account, ctx.limits.uploadQuota.perMinute);
    if (limited) return limited;
    uploader = who.account;
  }
  const document = await readDocument(request);
  if (document instanceof Response) return document;
  if (uploader) {
    const overQuota = await spendUploadBytes(ctx, uploader, document.bytes.length);
    if (overQuota) return overQuota;
  }
  const { file, created } = await ctx.store.put("legal", document.bytes, { mediaType: document.mediaType });
  const answer: LegalDocumentAnswer = {
    created,
    cid: file.cid,
    cidBytes: cidBytes(file.cid),
    sha256: file.sha256,
    size: file.size,
    mediaType: file.mediaType,
    uri: legalTextUri(file.cid),
    url: `${ctx.originOf(request)}${legalDocumentPath(file.cid)}`,
  };
  return jsonResponse(created ? 201 : 200, answer);
}

/** The document of a multipart request, checked for size and type; or the refusal to answer with. */
async function readDocument(request: Request): Promise<{ bytes: Uint8Array; mediaType: string } | Response> {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    return errorResponse(415, "multipart_required", 'Upload the document as multipart/form-data, in a field "file".');
  }
  const tooLarge = () =>
    errorResponse(413, "file_too_large", `License documents may be at most ${MAX_LEGAL_DOCUMENT_BYTES} bytes.`, {
      maxBytes: MAX_LEGAL_DOCUMENT_BYTES,
    });
  const limited = limitedBody(request, MAX_LEGAL_DOCUMENT_BYTES + 64 * 1024);
  let form: FormData;
  try {
    form = await limited.request.formData();
  } catch {
    if (limited.exceeded()) return tooLarge();
    return errorResponse(400, "malformed_upload", "The upload is not a readable multipart form.");
  }
  const file = form.get("file");
  if (!(file instanceof File)) return errorResponse(400, "missing_file", 'The form has no file in a field "file".');
  if (file.size === 0) return errorResponse(400, "empty_file", "The document is empty.");
  if (file.size > MAX_LEGAL_DOCUMENT_BYTES) return tooLarge();
  const bytes = new Uint8Array(await file.arrayBuffer());
  const declared = file.type || (/\.(md|markdown)$/i.test(file.name) ? "text/markdown" : undefined);
  const verdict = judgeMediaType(bytes, declared);
  if (!verdict.ok) return errorResponse(415, verdict.error, "A license document is Markdown, plain text or a PDF.");
  if (!legalDocumentTypes.includes(verdict.mediaType)) {
    const reason = `A license document is Markdown, plain text or a PDF, not ${verdict.mediaType}.`;
    return errorResponse(415, "unsupported_type", reason, { sniffed: verdict.mediaType });
  }
  return { bytes, mediaType: verdict.mediaType };
}
