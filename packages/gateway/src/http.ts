import type { ErrorCode } from "./api";
import { isDatabaseUnavailable } from "./db/unavailable";

/**
 * HTTP as every handler speaks it: JSON answers, JSON refusals `{ error, reason, ... }` with a stable code a program
 * can branch on and a sentence a person can read, byte ranges, and request bodies read with a size limit.
 */
export type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 405 | 409 | 413 | 415 | 416 | 429 | 500 | 503;

type HeadersInit = ConstructorParameters<typeof Headers>[0];

/** A JSON answer; bigints travel as decimal strings (see `OnWire` in api.ts). Never cached. */
export function jsonResponse(status: number, body: unknown, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  h.set("cache-control", "no-store");
  return new Response(
    JSON.stringify(body, (_key, value) => (typeof value === "bigint" ? value.toString() : value)),
    { status, headers: h },
  );
}

export function errorResponse(
  status: ErrorStatus,
  error: ErrorCode,
  reason: string,
  extra: Record<string, unknown> = {},
  headers?: HeadersInit,
): Response {
  const h = new Headers(headers);
  if (status === 401 && !h.has("www-authenticate")) {
    // Both ways in: a SIWE session cookie (browsers) or a signed request (headless clients).
    h.set("www-authenticate", 'EIP712 realm="ipnft-gateway", SIWE realm="ipnft-gateway"');
  }
  return jsonResponse(status, { error, reason, ...extra }, h);
}

/**
 * What an unexpected throw becomes: 503 when the database or the chain is out of reach (nothing was done: try again),
 * 500 otherwise.
 */
export function internalError(error: unknown): Response {
  if (isDatabaseUnavailable(error)) {
    console.error("gateway: the database is unreachable:", (error as Error)?.message);
    const reason = "The gateway cannot reach its database right now; nothing was recorded. Try again shortly.";
    return errorResponse(503, "database_unavailable", reason, {}, { "retry-after": "5" });
  }
  console.error("gateway:", error);
  const message = (error as Error)?.message ?? String(error);
  const chainDown = /fetch failed|ECONNREFUSED|HTTP request failed/i.test(message);
  return chainDown
    ? errorResponse(503, "chain_unreachable", "The gateway cannot reach the chain right now; try again shortly.")
    : errorResponse(500, "internal_error", "Something went wrong in the gateway.");
}

/** Whether the request came over TLS: cookies are then marked Secure. */
export const isSecure = (request: Request) => new URL(request.url).protocol === "https:";

/** A copy of the request whose body errors once more than `limit` bytes have been read. */
export function limitedBody(request: Request, limit: number): { request: Request; exceeded: () => boolean } {
  if (!request.body) return { request, exceeded: () => false };
  let seen = 0;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.length;
        if (seen > limit) controller.error(new Error(`request body over ${limit} bytes`));
        else controller.enqueue(chunk);
      },
    }),
  );
  const init = { method: request.method, headers: request.headers, body: counted, duplex: "half" };
  return { request: new Request(request.url, init as RequestInit), exceeded: () => seen > limit };
}

// ------------------------------------------------------------------------------------------------ ranges

/**
 * HTTP Range requests (RFC 9110 §14) for large files: one byte range per request. Several ranges in one
 * request (multipart/byteranges) are answered with the whole file, which the RFC allows.
 */
export type RangeVerdict =
  | { kind: "whole" }
  | { kind: "partial"; start: number; end: number }
  | { kind: "unsatisfiable" };

export function parseRange(header: string | null, size: number): RangeVerdict {
  if (!header) return { kind: "whole" };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) {
    // Unknown units and several ranges are ignored, as the RFC asks; a bad header is not an error.
    return header.includes(",") || !header.trim().startsWith("bytes=") ? { kind: "whole" } : { kind: "unsatisfiable" };
  }
  const [, first, last] = match;
  if (first === "") {
    // bytes=-N: the last N bytes
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end };
}

/** The inclusive byte span a verdict asks for, of a file of `size` bytes. */
export function byteSpan(range: RangeVerdict, size: number): { start: number; end: number } {
  return range.kind === "partial" ? { start: range.start, end: range.end } : { start: 0, end: size - 1 };
}

/** 416, naming the file's size as RFC 9110 asks. */
export function unsatisfiable(size: number): Response {
  return errorResponse(
    416,
    "range_not_satisfiable",
    `The file has ${size} bytes.`,
    { size },
    { "content-range": `bytes */${size}` },
  );
}
