import { readFileSync } from "node:fs";
import * as c2pa from "@contentauth/c2pa-wasm";

/**
 * The official C2PA SDK (c2pa-rs compiled to WebAssembly, `@contentauth/c2pa-wasm`), loaded once per process.
 *
 * Its builder reads assets through `Blob`s with `FileReaderSync`, which browsers only have in workers and Node not at
 * all. The blobs we hand it are `BytesBlob`s, which keep their bytes (and their slices' bytes) in memory, and the
 * `FileReaderSync` defined here reads exactly those, synchronously; it refuses any other blob. It is defined only
 * where the runtime has none.
 */
export class BytesBlob extends Blob {
  constructor(readonly held: Uint8Array) {
    super([held as Uint8Array<ArrayBuffer>]);
  }
  override slice(start?: number, end?: number): BytesBlob {
    return new BytesBlob(this.held.subarray(start, end));
  }
}

class BytesBlobReader {
  readAsArrayBuffer(blob: Blob): ArrayBuffer {
    if (!(blob instanceof BytesBlob)) throw new TypeError("only in-memory BytesBlobs are readable here");
    return blob.held.slice().buffer;
  }
}

let loaded: typeof c2pa | undefined;

/** The SDK, initialised on first use (about 10 MB of WebAssembly, compiled once). */
export function c2paSdk(): typeof c2pa {
  if (loaded) return loaded;
  const global = globalThis as { FileReaderSync?: unknown };
  global.FileReaderSync ??= BytesBlobReader;
  // Node resolves the .wasm file at run time. A bundler must not: the app's webpack would take a `require.resolve`
  // of it (from `node:module`'s createRequire) for a module of its own and fail to parse WebAssembly.
  const { createRequire } = process.getBuiltinModule("node:module");
  const resolve = createRequire(import.meta.url).resolve;
  c2pa.initSync({ module: readFileSync(resolve("@contentauth/c2pa-wasm/c2pa.wasm")) });
  loaded = c2pa;
  return loaded;
}

/** The media types whose manifests the gateway reads, hashes and signs (the SDK reads more; we hash these). */
export const credentialTypes = new Set(["image/jpeg", "image/png"]);

/**
 * The SDK's settings for one call: no thumbnails in manifests we sign (the served file is its own picture), and
 * trust judged against `trustAnchors` (PEM) when given.
 */
export function sdkSettings(trustAnchors?: string): string {
  return JSON.stringify({
    builder: { thumbnail: { enabled: false } },
    verify: { verify_trust: Boolean(trustAnchors) },
    ...(trustAnchors ? { trust: { trust_anchors: trustAnchors } } : {}),
  });
}
