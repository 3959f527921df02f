import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { before, describe, it } from "node:test";
import { signRequest } from "@ipnft/ai-client/request-signature";
import { MemoryBlockstore } from "blockstore-core/memory";
import { importer } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import sharp from "sharp";
import type { UploadAnswer } from "../src/api";
import { gatewayOnChain, json, ORIGIN, signerOf } from "./setup";

async function ipfsAddCid(bytes: Uint8Array): Promise<string> {
  const options = {
    cidVersion: 1 as const,
    rawLeaves: true,
    chunker: fixedSize({ chunkSize: 262_144 }),
    layout: balanced({ maxChildrenPerNode: 174 }),
  };
  for await (const entry of importer([{ content: bytes }], new MemoryBlockstore(), options))
    return entry.cid.toString();
  throw new Error("no entry");
}

const gzipLike = (size: number) => {
  const bytes = randomBytes(size);
  bytes[0] = 0x1f;
  bytes[1] = 0x8b;
  return bytes;
};

describe("uploads", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  before(async () => {
    t = await gatewayOnChain({ maxUploadBytes: 2 * 1024 * 1024 });
  });

  it("store an image content-addressed, with the SHA-256 and CID ipfs would give, and a public preview", async () => {
    const image = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#2288ee" } })
      .jpeg()
      .toBuffer();
    const response = await t.upload(t.artist, image, "image/jpeg", {
      metadata: JSON.stringify({ title: "Blue", creator: t.artist.account.address }),
    });
    assert.equal(response.status, 201);
    const body = await json<UploadAnswer & { previewUrl: string; metadata: { cid: string; url: string } }>(response);
    assert.equal(body.sha256, `0x${createHash("sha256").update(image).digest("hex")}`);
    assert.equal(body.cid, await ipfsAddCid(image));
    assert.equal(body.mediaType, "image/jpeg");
    assert.deepEqual(await readFile(path.join(t.dataDir, "originals", body.cid)), image);

    const preview = await t.gateway.handle(new Request(body.previewUrl));
    assert.equal(preview.status, 200);
    assert.equal(preview.headers.get("content-type"), "image/webp");
    const meta = await sharp(Buffer.from(await preview.arrayBuffer())).metadata();
    assert.ok(Math.max(meta.width ?? 0, meta.height ?? 0) <= 320, "the preview is low resolution");

    const metadata = await t.gateway.handle(new Request(body.metadata.url));
    assert.deepEqual(await metadata.json(), { title: "Blue", creator: t.artist.account.address });
  });

  it("compute a multi-chunk file's CID as ipfs add --cid-version 1 --raw-leaves would", async () => {
    const bytes = gzipLike(262_144 * 4 + 1234);
    const body = await json<UploadAnswer>(await t.upload(t.artist, bytes, "application/gzip"));
    assert.equal(body.cid, await ipfsAddCid(bytes));
    assert.ok(body.cid.startsWith("bafybei"), "a dag-pb root");
  });

  it("treat re-uploading the same bytes as a no-op", async () => {
    const bytes = gzipLike(5000);
    const first = await t.upload(t.artist, bytes, "application/gzip");
    const again = await t.upload(t.artist, bytes, "application/gzip");
    assert.equal(first.status, 201);
    assert.equal(again.status, 200);
    assert.equal((await json(again)).created, false);
  });

  it("create the file once when the same bytes are uploaded concurrently, and lose nothing", async () => {
    const bytes = gzipLike(600_000);
    const responses = await Promise.all(Array.from({ length: 8 }, () => t.upload(t.artist, bytes, "application/gzip")));
    const bodies = await Promise.all(responses.map((r) => json<UploadAnswer>(r)));
    assert.equal(bodies.filter((b) => b.created).length, 1);
    assert.equal(new Set(bodies.map((b) => b.cid)).size, 1);
    assert.deepEqual(await readFile(path.join(t.dataDir, "originals", bodies[0].cid)), bytes);
    assert.deepEqual(await readdir(path.join(t.dataDir, "tmp")), []);
  });

  it("refuse an oversized upload with 413 and store nothing", async () => {
    const before = await readdir(path.join(t.dataDir, "originals"));
    const response = await t.upload(t.artist, gzipLike(2 * 1024 * 1024 + 1), "application/gzip");
    assert.equal(response.status, 413);
    assert.equal((await json(response)).error, "file_too_large");
    assert.deepEqual(await readdir(path.join(t.dataDir, "originals")), before);
  });

  it("refuse an oversized body even when its length is not declared", async () => {
    const form = new FormData();
    form.set("file", new File([gzipLike(3 * 1024 * 1024)], "x.gz", { type: "application/gzip" }));
    const encoded = new Response(form);
    const chunks = encoded.body!;
    const request = new Request(`${ORIGIN}/api/uploads`, {
      method: "POST",
      headers: { "content-type": encoded.headers.get("content-type")! },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    request.headers.set(
      "authorization",
      await signRequest(signerOf(t.artist), t.chain.deployment.chainId, request.url, "POST"),
    );
    const response = await t.gateway.handle(request);
    assert.equal(response.status, 413);
  });

  it("refuse an empty upload with 400", async () => {
    const response = await t.upload(t.artist, new Uint8Array(), "image/png");
    assert.equal(response.status, 400);
    assert.equal((await json(response)).error, "empty_file");
  });

  it("refuse a file whose bytes are not its declared type with 415", async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
      .jpeg()
      .toBuffer();
    const mismatch = await t.upload(t.artist, jpeg, "image/png");
    assert.equal(mismatch.status, 415);
    assert.deepEqual(await json(mismatch), {
      error: "type_mismatch",
      reason: "The file was declared as image/png but its bytes are image/jpeg.",
      sniffed: "image/jpeg",
      declared: "image/png",
    });
    const script = await t.upload(t.artist, new TextEncoder().encode("<svg onload=alert(1)>"), "image/svg+xml");
    assert.equal(script.status, 415);
    const broken = await t.upload(
      t.artist,
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(100)]),
      "image/png",
    );
    assert.equal(broken.status, 415);
    assert.equal((await json(broken)).error, "unreadable_image");
  });

  it("refuse uploads from nobody in particular with 401", async () => {
    const response = await t.upload(undefined, gzipLike(100), "application/gzip");
    assert.equal(response.status, 401);
  });

  it("refuse metadata that is not a JSON object", async () => {
    const response = await t.call("/api/metadata", {
      as: t.artist,
      method: "POST",
      body: "[1,2]",
      headers: { "content-type": "application/json" },
    });
    assert.equal(response.status, 415);
    const ok = await t.call("/api/metadata", {
      as: t.artist,
      method: "POST",
      body: '{"title":"x"}',
      headers: { "content-type": "application/json" },
    });
    assert.equal(ok.status, 201);
  });
});
