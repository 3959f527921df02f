import type { ErrorBody, ErrorCode, MetadataAnswer, OnWire, SimilarAnswer, UploadAnswer } from "@ipnft/gateway/api";

export type { MetadataAnswer, UploadAnswer };
/** `POST /api/similar` as it arrives: ids and amounts as decimal strings. */
export type SimilarWorks = OnWire<SimilarAnswer>;

/** The gateway's refusal, `{ error, reason }`, turned into an Error whose message is its plain-words reason. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    /** The gateway's code, or `gateway_error` when it answered without one. */
    readonly code: ErrorCode | "gateway_error",
    reason: string,
    readonly body: unknown,
  ) {
    super(reason);
  }
}

async function gatewayJson<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => null)) as Partial<ErrorBody> | null;
  if (!response.ok) {
    throw new GatewayError(
      response.status,
      body?.error ?? "gateway_error",
      body?.reason ?? `The gateway answered ${response.status}.`,
      body,
    );
  }
  return body as T;
}

export async function gatewayFetch<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: "same-origin", ...init });
  } catch {
    throw new Error("The gateway is not answering. Is the web app running?");
  }
  return gatewayJson<T>(response);
}

/** Uploads an original (multipart, field "file"). The gateway sniffs its type and makes a public preview of images. */
export function uploadOriginal(file: Blob, name: string): Promise<OnWire<UploadAnswer>> {
  const form = new FormData();
  form.append("file", file, name);
  return gatewayFetch<OnWire<UploadAnswer>>("/api/uploads", { method: "POST", body: form });
}

export function storeMetadata(json: unknown): Promise<MetadataAnswer> {
  return gatewayFetch<MetadataAnswer>("/api/metadata", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(json),
  });
}

/**
 * The registered works an image most likely derives from, nearest first (the gateway hashes it in memory and keeps
 * nothing). Rejects with a GatewayError `not_an_image` for files it cannot read as an image.
 */
export function findSimilar(file: Blob): Promise<SimilarWorks> {
  return gatewayFetch<SimilarWorks>("/api/similar", {
    method: "POST",
    headers: { "content-type": file.type || "application/octet-stream" },
    body: file,
  });
}
