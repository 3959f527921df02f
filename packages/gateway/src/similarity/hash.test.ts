import sharp from "sharp";
import phash from "sharp-phash";
import { describe, expect, it } from "vitest";
import { dctHash, hammingDistance, hashHex, imageHashHex, parseHashHex, queryHashes, workHashes } from "./hash";
import { drawnPng } from "./labelled-set";

const grey32 = async (bytes: Uint8Array) =>
  new Uint8Array(await sharp(bytes).greyscale().resize(32, 32, { fit: "fill" }).toColourspace("b-w").raw().toBuffer());

describe("perceptual hash", () => {
  it("computes sharp-phash's hash bit for bit, from the same 32×32 greyscale pixels", async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const png = await drawnPng(seed, 200);
      const library = BigInt(`0b${await phash(Buffer.from(png))}`);
      expect(hashHex(dctHash(await grey32(png)))).toBe(hashHex(library));
    }
  });

  it("finds a mirror image through the query's mirrored hash, which the plain hash misses", async () => {
    const png = await drawnPng(11, 300);
    const [whole] = (await workHashes(png)) ?? [];
    const mirrored = await queryHashes(new Uint8Array(await sharp(png).flop().png().toBuffer()));
    expect(mirrored).toBeDefined();
    expect(hammingDistance(mirrored?.mirror ?? 0n, whole)).toBeLessThanOrEqual(2);
    expect(hammingDistance(mirrored?.hash ?? 0n, whole)).toBeGreaterThan(10);
  });

  it("names a work's whole-image hash in metadata as the first of its window hashes", async () => {
    const png = await drawnPng(13, 200);
    const [whole] = (await workHashes(png)) ?? [];
    expect(await imageHashHex(png)).toBe(hashHex(whole));
  });

  it("keeps 49 window hashes per work and none for bytes that are not an image", async () => {
    expect(await workHashes(await drawnPng(12, 200))).toHaveLength(49);
    expect(await workHashes(new TextEncoder().encode("not an image"))).toBeUndefined();
    expect(await queryHashes(new TextEncoder().encode("not an image"))).toBeUndefined();
  });

  it("keeps no hash of a flat image, which every other flat image would match", async () => {
    const flat = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#2288ee" } })
      .png()
      .toBuffer();
    expect(await workHashes(new Uint8Array(flat))).toEqual([]);
  });

  it("writes hashes as 16 hex digits and reads back only those", () => {
    expect(hashHex(0xabcn)).toBe("0000000000000abc");
    expect(parseHashHex("0000000000000abc")).toBe(0xabcn);
    expect(parseHashHex("abc")).toBeUndefined();
    expect(parseHashHex("000000000000zabc")).toBeUndefined();
  });
});
