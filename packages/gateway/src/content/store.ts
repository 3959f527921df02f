import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { link, mkdir, open, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { Hex } from "viem";
import { repoRoot } from "../config";
import { parseCid, UnixfsFileCid } from "./cid";

/**
 * The content-addressed store on disk. Each shelf is a directory of blobs named by their CIDv1, each
 * with a `<cid>.json` record beside it. Originals, public previews, metadata and license documents live on separate
 * shelves, so a route that serves one shelf can never be talked into serving another.
 *
 * Every file is written to a temp file, flushed, then hard-linked into place: linking fails when the
 * name exists, so concurrent writes of the same bytes create the file exactly once, and a crash leaves
 * either the whole file or none of it (a stray temp file at worst, never a torn blob).
 */
export type Shelf = "originals" | "previews" | "metadata" | "legal";
const shelves: readonly Shelf[] = ["originals", "previews", "metadata", "legal"];

export interface StoredFile {
  cid: string;
  /** SHA-256 of the bytes: the content hash an IP-NFT is registered with. */
  sha256: Hex;
  size: number;
  mediaType: string;
  /** Originals that are images: the CID of their public preview. */
  previewCid?: string;
  storedAt: string;
}

export interface PutResult {
  file: StoredFile;
  /** False when the same bytes were already stored: re-uploading is a no-op. */
  created: boolean;
}

export interface ContentStore {
  readonly dataDir: string;
  put(shelf: Shelf, bytes: Uint8Array, info: { mediaType: string; previewCid?: string }): Promise<PutResult>;
  /** The record of a stored file, or undefined (also for anything that is not a canonical CID). */
  get(shelf: Shelf, cid: string): Promise<StoredFile | undefined>;
  read(shelf: Shelf, cid: string): Promise<Uint8Array>;
  /** A byte range [start, end] (inclusive) of a stored file, as a Node stream from disk. */
  open(shelf: Shelf, cid: string, range?: { start: number; end: number }): Readable;
  /** A byte range [start, end] (inclusive) of a stored file, streamed from disk. */
  stream(shelf: Shelf, cid: string, range?: { start: number; end: number }): ReadableStream<Uint8Array>;
}

const EEXIST = (error: unknown) => (error as NodeJS.ErrnoException).code === "EEXIST";

/**
 * The store in `dataDir`: the entry point's `GatewayConfig.dataDir` (`$DATA_DIR`, or `data/` at the repository root);
 * scripts that run from the sources may leave it out for the repository's `data/`.
 */
export function createContentStore(dataDir: string = path.join(repoRoot, "data")): ContentStore {
  const tmpDir = path.join(dataDir, "tmp");
  let ready: Promise<void> | undefined;
  const ensureDirs = () =>
    (ready ??= (async () => {
      await mkdir(tmpDir, { recursive: true });
      for (const shelf of shelves) await mkdir(path.join(dataDir, shelf), { recursive: true });
      await sweepStaleTemps(tmpDir);
    })());

  const blobPath = (shelf: Shelf, cid: string) => {
    if (!shelves.includes(shelf) || !parseCid(cid)) throw new Error(`not a stored file name: ${shelf}/${cid}`);
    return path.join(dataDir, shelf, cid);
  };

  /** Writes bytes to a fresh temp file and flushes them to disk. */
  async function writeTemp(bytes: Uint8Array): Promise<string> {
    const tmp = path.join(tmpDir, `${Date.now()}-${randomBytes(8).toString("hex")}`);
    const handle = await open(tmp, "wx", 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return tmp;
  }

  /** Links a flushed temp file to its final name unless that exists; true if this call created it. */
  async function publish(tmp: string, target: string, healIfSizeIsNot?: number): Promise<boolean> {
    try {
      await link(tmp, target);
      await syncDir(path.dirname(target));
      return true;
    } catch (error) {
      if (!EEXIST(error)) throw error;
      // Same name, same content by construction (content addressing); check the size anyway, so a
      // blob damaged on disk is healed by the next upload of the same bytes instead of kept forever.
      if (healIfSizeIsNot !== undefined && (await stat(target)).size !== healIfSizeIsNot) {
        await rename(tmp, target);
        return true;
      }
      return false;
    } finally {
      await unlink(tmp).catch(() => {});
    }
  }

  function openBlob(shelf: Shelf, cid: string, range?: { start: number; end: number }): Readable {
    return createReadStream(blobPath(shelf, cid), {
      ...(range ? { start: range.start, end: range.end } : {}),
      highWaterMark: 256 * 1024,
    });
  }

  async function get(shelf: Shelf, cid: string): Promise<StoredFile | undefined> {
    if (!shelves.includes(shelf) || !parseCid(cid)) return undefined;
    try {
      return JSON.parse(await readFile(path.join(dataDir, shelf, `${cid}.json`), "utf8")) as StoredFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  return {
    dataDir,
    get,

    async put(shelf, bytes, info) {
      await ensureDirs();
      const cid = new UnixfsFileCid().update(bytes).cid().toString();
      const sha256 = `0x${createHash("sha256").update(bytes).digest("hex")}` as Hex;
      const existing = await get(shelf, cid);
      if (existing) return { file: existing, created: false };

      const blob = blobPath(shelf, cid);
      await publish(await writeTemp(bytes), blob, bytes.length);

      const file: StoredFile = {
        cid,
        sha256,
        size: bytes.length,
        mediaType: info.mediaType,
        ...(info.previewCid ? { previewCid: info.previewCid } : {}),
        storedAt: new Date().toISOString(),
      };
      // The record is written last: it is what makes a file visible, so a visible file is whole.
      const recordBytes = new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`);
      const created = await publish(await writeTemp(recordBytes), `${blob}.json`);
      if (!created) return { file: (await get(shelf, cid)) ?? file, created: false };
      return { file, created: true };
    },

    async read(shelf, cid) {
      return new Uint8Array(await readFile(blobPath(shelf, cid)));
    },

    open: openBlob,

    stream(shelf, cid, range) {
      return Readable.toWeb(openBlob(shelf, cid, range)) as ReadableStream<Uint8Array>;
    },
  };
}

/** Temp files older than an hour are what a crash left behind mid-write: never linked, safe to drop. */
async function sweepStaleTemps(tmpDir: string): Promise<void> {
  const cutoff = Date.now() - 60 * 60 * 1000;
  for (const name of await readdir(tmpDir)) {
    const file = path.join(tmpDir, name);
    const info = await stat(file).catch(() => undefined);
    if (info && info.mtimeMs < cutoff) await unlink(file).catch(() => {});
  }
}

/** Flushes a directory entry, so a linked file survives a power cut as well as a crash. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the link itself is still atomic.
  } finally {
    await handle.close();
  }
}
