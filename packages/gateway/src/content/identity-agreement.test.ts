import { createHash } from "node:crypto";
import { CHUNK_SIZE, cidText, identifyFile, MAX_LINKS_PER_NODE, rawCidOf } from "@ipnft/protocol/content";
import { describe, expect, it } from "vitest";
import { fileCid, rawCid } from "./cid";

/** Deterministic bytes that are not all alike, so every chunk has its own hash. */
function bytesOf(size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = 2463534242;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe("the browser's file identity agrees with the gateway's", () => {
  const sizes: Array<[string, number]> = [
    ["an empty file", 0],
    ["a few bytes", 11],
    ["exactly one chunk", CHUNK_SIZE],
    ["one byte over a chunk", CHUNK_SIZE + 1],
    ["three and a half chunks", CHUNK_SIZE * 3.5],
    ["more chunks than one node may link (a two-level tree)", CHUNK_SIZE * (MAX_LINKS_PER_NODE + 2) + 7],
  ];
  for (const [name, size] of sizes) {
    it(`gives the same CIDv1 and SHA-256 for ${name}`, async () => {
      const bytes = bytesOf(size);
      const identity = await identifyFile(bytes);
      expect(identity.cid).toBe(fileCid(bytes).toString());
      expect(identity.sha256).toBe(`0x${createHash("sha256").update(bytes).digest("hex")}`);
      expect(identity.size).toBe(size);
      expect(cidText(identity.cidBytes)).toBe(identity.cid);
    });
  }

  it("addresses metadata JSON by the same raw CID as the store", async () => {
    const json = new TextEncoder().encode(JSON.stringify({ title: "Dawn" }));
    expect(await rawCidOf(json)).toBe(rawCid(json).toString());
  });

  it("reports progress up to the whole file", async () => {
    const seen: number[] = [];
    await identifyFile(bytesOf(CHUNK_SIZE * 2 + 5), (f) => seen.push(f));
    expect(seen.at(-1)).toBe(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});
