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
