import type { TypeRefusal } from "../api";

/**
 * Content sniffing: what a file is, read from its bytes, never from the name or the type a client
 * declares. Only the types the product stores are recognised; anything else is refused upstream.
 */

export const storableTypes = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "audio/mpeg",
  "audio/wav",
  "audio/ogg",
  "audio/flac",
  "audio/mp4",
  "video/mp4",
  "application/pdf",
  "application/zip",
  "application/gzip",
  "application/json",
  "text/plain",
  "text/markdown",
  "text/csv",
] as const;
export type StorableType = (typeof storableTypes)[number];

/** Images the gateway can make a public preview of. */
export const previewableTypes: ReadonlySet<string> = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
]);

const ascii = (bytes: Uint8Array, offset: number, text: string) =>
  bytes.length >= offset + text.length && [...text].every((ch, i) => bytes[offset + i] === ch.charCodeAt(0));

const startsWith = (bytes: Uint8Array, signature: number[]) =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

/** ISO base media file (MP4, AVIF...): the `ftyp` box and its major brand. */
function isoBrand(bytes: Uint8Array): string | undefined {
  if (!ascii(bytes, 4, "ftyp") || bytes.length < 12) return undefined;
  return String.fromCharCode(...bytes.subarray(8, 12));
}

const TEXT_SAMPLE = 64 * 1024;

/** UTF-8 without control characters other than tab, newlines and form feed. */
function isText(bytes: Uint8Array): boolean {
  let sample = bytes.subarray(0, TEXT_SAMPLE);
  // A sample cut mid-character: drop the incomplete tail (at most 3 bytes of a sequence).
  if (bytes.length > TEXT_SAMPLE) {
    let cut = sample.length;
    while (cut > sample.length - 4 && cut > 0 && (sample[cut - 1] & 0xc0) === 0x80) cut--;
    if (cut > 0 && sample[cut - 1] >= 0xc0) cut--;
    sample = sample.subarray(0, cut);
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample);
  } catch {
    return false;
  }
  for (const byte of sample) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
    if (byte === 0x7f) return false;
  }
  return true;
}

function isJson(bytes: Uint8Array): boolean {
  const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  if (first !== 0x7b && first !== 0x5b) return false; // { or [
  try {
    JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return true;
  } catch {
    return false;
  }
}

/**
 * The media type the bytes show, or undefined when they are none of the storable types.
 * Pass the whole file: text and JSON are judged on their content, not only their first bytes.
 */
export function sniffMediaType(bytes: Uint8Array): StorableType | undefined {
  if (bytes.length === 0) return undefined;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (ascii(bytes, 0, "GIF87a") || ascii(bytes, 0, "GIF89a")) return "image/gif";
  if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBP")) return "image/webp";
  if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WAVE")) return "audio/wav";
  const brand = isoBrand(bytes);
  if (brand === "avif" || brand === "avis") return "image/avif";
  if (brand === "M4A ") return "audio/mp4";
  if (brand && ["isom", "iso2", "mp41", "mp42", "avc1", "M4V ", "dash"].includes(brand)) return "video/mp4";
  if (ascii(bytes, 0, "ID3") || (bytes[0] === 0xff && [0xfb, 0xf3, 0xf2, 0xfa].includes(bytes[1] ?? 0)))
    return "audio/mpeg";
  if (ascii(bytes, 0, "OggS")) return "audio/ogg";
  if (ascii(bytes, 0, "fLaC")) return "audio/flac";
  if (ascii(bytes, 0, "%PDF-")) return "application/pdf";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]))
    return "application/zip";
  if (startsWith(bytes, [0x1f, 0x8b])) return "application/gzip";
  if (isText(bytes)) return isJson(bytes) ? "application/json" : "text/plain";
  return undefined;
}

/** Spellings clients send for the same type. */
const aliases: Record<string, StorableType> = {
  "image/jpg": "image/jpeg",
  "image/pjpeg": "image/jpeg",
  "audio/mp3": "audio/mpeg",
  "audio/x-wav": "audio/wav",
  "audio/wave": "audio/wav",
  "audio/x-flac": "audio/flac",
  "audio/x-m4a": "audio/mp4",
  "application/x-zip-compressed": "application/zip",
  "application/x-gzip": "application/gzip",
};

/** Declared types a sniffed text may carry: text is text, whatever its dialect. */
const textDialects: Record<string, readonly string[]> = {
  "text/plain": ["text/plain", "text/markdown", "text/csv"],
  "application/json": ["application/json", "text/plain"],
};

export type TypeVerdict =
  | { ok: true; mediaType: StorableType }
  | { ok: false; error: TypeRefusal; reason: string; sniffed?: string };

/**
 * Decides the type a file is stored and served with: the declared type when the bytes bear it out,
 * the sniffed one when nothing useful was declared, and a refusal when the two disagree.
 */
export function judgeMediaType(bytes: Uint8Array, declared: string | undefined): TypeVerdict {
  const sniffed = sniffMediaType(bytes);
  if (!sniffed) {
    return {
      ok: false,
      error: "unsupported_type",
      reason: "The file is not of a type the gateway stores (images, audio, video, PDF, text, JSON, ZIP, gzip).",
    };
  }
  const bare = (declared ?? "").split(";")[0].trim().toLowerCase();
  if (bare === "" || bare === "application/octet-stream") return { ok: true, mediaType: sniffed };
  const canonical = aliases[bare] ?? bare;
  if (canonical === sniffed) return { ok: true, mediaType: sniffed };
  if (textDialects[sniffed]?.includes(canonical)) return { ok: true, mediaType: canonical as StorableType };
  return {
    ok: false,
    error: "type_mismatch",
    reason: `The file was declared as ${bare} but its bytes are ${sniffed}.`,
    sniffed,
  };
}
