import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, truncate, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileCid } from "./cid";
import { makePreview, PREVIEW_MAX_SIDE } from "./preview";
import { type ContentStore, createContentStore } from "./store";

let dataDir: string;
let store: ContentStore;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "content-store-"));
  store = createContentStore(dataDir);
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe("the content-addressed store", () => {
  it("stores a file under its CID with its SHA-256, and reads back the same bytes", async () => {
    const bytes = randomBytes(300_000);
    const { file, created } = await store.put("originals", bytes, { mediaType: "application/zip" });
    expect(created).toBe(true);
    expect(file.cid).toBe(fileCid(bytes).toString());
    expect(file.sha256).toBe(`0x${createHash("sha256").update(bytes).digest("hex")}`);
    expect(Buffer.from(await store.read("originals", file.cid)).equals(bytes)).toBe(true);
    expect(await readFile(path.join(dataDir, "originals", file.cid))).toEqual(bytes);
  });

  it("treats re-uploading the same bytes as a no-op that keeps the first record", async () => {
    const bytes = randomBytes(1000);
    const first = await store.put("originals", bytes, { mediaType: "text/plain" });
    const again = await store.put("originals", bytes, { mediaType: "text/plain" });
    expect(again.created).toBe(false);
    expect(again.file).toEqual(first.file);
  });

  it("creates a file exactly once when the same bytes arrive concurrently, and keeps it whole", async () => {
    const bytes = randomBytes(2 * 262_144 + 77);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => store.put("originals", bytes, { mediaType: "application/zip" })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.file.cid)).size).toBe(1);
    expect(Buffer.from(await store.read("originals", results[0].file.cid)).equals(bytes)).toBe(true);
    expect(await readdir(path.join(dataDir, "tmp"))).toEqual([]);
  });

  it("keeps shelves apart: an original cannot be read as a preview", async () => {
    const { file } = await store.put("originals", randomBytes(64), { mediaType: "application/zip" });
    expect(await store.get("previews", file.cid)).toBeUndefined();
    expect(await store.get("originals", file.cid)).toBeDefined();
  });

  it("answers nothing for names that are not canonical CIDs, whatever they point at", async () => {
    await writeFile(path.join(dataDir, "secret.json"), "{}");
    for (const name of ["../secret", "..%2Fsecret", "/etc/passwd", "originals/../../secret"]) {
      expect(await store.get("originals", name)).toBeUndefined();
      expect(() => store.stream("originals", name)).toThrow();
    }
  });

  it("streams an inclusive byte range", async () => {
    const bytes = randomBytes(10_000);
    const { file } = await store.put("originals", bytes, { mediaType: "application/zip" });
    const part = await readAll(store.stream("originals", file.cid, { start: 100, end: 1099 }));
    expect(part.equals(bytes.subarray(100, 1100))).toBe(true);
  });

  it("heals a blob damaged on disk when the same bytes are uploaded again", async () => {
    const bytes = randomBytes(5_000);
    const { file } = await store.put("originals", bytes, { mediaType: "application/zip" });
    await truncate(path.join(dataDir, "originals", file.cid), 10);
    // The record exists, so a plain re-upload is a no-op; drop it as a crash between the two writes would.
    await rm(path.join(dataDir, "originals", `${file.cid}.json`));
    await store.put("originals", bytes, { mediaType: "application/zip" });
    expect(Buffer.from(await store.read("originals", file.cid)).equals(bytes)).toBe(true);
  });

  it("drops temp files a crash left behind, but not fresh ones being written", async () => {
    await store.put("metadata", new TextEncoder().encode("{}"), { mediaType: "application/json" });
    const stale = path.join(dataDir, "tmp", "stale");
    const fresh = path.join(dataDir, "tmp", "fresh");
    await writeFile(stale, "half a file");
    await writeFile(fresh, "being written");
    const hoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(stale, hoursAgo, hoursAgo);
    await createContentStore(dataDir).put("metadata", new TextEncoder().encode("[]"), {
      mediaType: "application/json",
    });
    expect(await readdir(path.join(dataDir, "tmp"))).toEqual(["fresh"]);
  });
});

describe("public previews", () => {
  it("are small WebP images without the original's metadata", async () => {
    const original = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: "#336699" } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Artist: "Ada Secret" } } })
      .toBuffer();
    const preview = await makePreview(original);
    if (!preview.ok) throw new Error(preview.reason);
    const meta = await sharp(preview.bytes).metadata();
    expect(meta.format).toBe("webp");
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(PREVIEW_MAX_SIDE);
    expect(meta.exif).toBeUndefined();
    expect(Buffer.from(preview.bytes).includes("Ada Secret")).toBe(false);
  });

  it("refuses bytes that only look like an image", async () => {
    const fake = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    expect((await makePreview(fake)).ok).toBe(false);
  });
});
