import { randomBytes } from "node:crypto";
import { MemoryBlockstore } from "blockstore-core/memory";
import { importer } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import { describe, expect, it } from "vitest";
import { CHUNK_SIZE, fileCid, MAX_LINKS_PER_NODE, parseCid, rawCid, UnixfsFileCid } from "./cid";

/** The oracle: the reference importer with the options `ipfs add --cid-version 1 --raw-leaves` uses. */
async function ipfsAdd(bytes: Uint8Array): Promise<string> {
  const options = {
    cidVersion: 1 as const,
    rawLeaves: true,
    chunker: fixedSize({ chunkSize: 262_144 }),
    layout: balanced({ maxChildrenPerNode: 174 }),
    reduceSingleLeafToSelf: true,
  };
  for await (const entry of importer([{ content: bytes }], new MemoryBlockstore(), options))
    return entry.cid.toString();
  throw new Error("importer yielded nothing");
}

/** Deterministic bytes, so a failure can be reproduced. */
function pattern(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + (i >> 8)) & 0xff;
  return out;
}

describe("CIDv1 as ipfs add --cid-version 1 --raw-leaves", () => {
  it("gives the published CID of the empty file", () => {
    expect(fileCid(new Uint8Array()).toString()).toBe("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
  });

  it('gives the published CID of "hello world"', () => {
    const bytes = new TextEncoder().encode("hello world");
    expect(fileCid(bytes).toString()).toBe("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
  });

  it("addresses a file of exactly one chunk as a raw block", async () => {
    const bytes = pattern(CHUNK_SIZE);
    const cid = fileCid(bytes);
    expect(cid.code).toBe(0x55);
    expect(cid.toString()).toBe(rawCid(bytes).toString());
    expect(cid.toString()).toBe(await ipfsAdd(bytes));
  });

  const sizes: Array<[string, number]> = [
    ["one byte over a chunk", CHUNK_SIZE + 1],
    ["three and a half chunks", Math.floor(CHUNK_SIZE * 3.5)],
    ["exactly 174 chunks (one full node)", CHUNK_SIZE * MAX_LINKS_PER_NODE],
    ["175 chunks (a second level)", CHUNK_SIZE * MAX_LINKS_PER_NODE + 1000],
  ];
  for (const [name, size] of sizes) {
    it(`matches the reference importer for a multi-chunk file: ${name}`, async () => {
      const bytes = pattern(size);
      const cid = fileCid(bytes);
      expect(cid.code).toBe(0x70);
      expect(cid.toString()).toBe(await ipfsAdd(bytes));
    });
  }

  it("gives the same CID however the bytes are sliced as they stream in", async () => {
    const bytes = randomBytes(CHUNK_SIZE * 2 + 12_345);
    const streamed = new UnixfsFileCid();
    for (let offset = 0; offset < bytes.length; offset += 7_919)
      streamed.update(bytes.subarray(offset, offset + 7_919));
    expect(streamed.cid().toString()).toBe(await ipfsAdd(bytes));
  });
});

describe("parsing a CID a client sent", () => {
  it("accepts a canonical base32 CIDv1", () => {
    expect(parseCid("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e")?.version).toBe(1);
  });

  it("refuses path traversal, other encodings and CIDv0", () => {
    for (const bad of [
      "../../etc/passwd",
      "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e/../x",
      "BAFKREIFZJUT3TE2NHYEKKLSS27NH3K72YSCO7Y32KOAO5EEI66WOF36N5E",
      "QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u",
      "bafkrei%2e%2e",
      "",
    ]) {
      expect(parseCid(bad), bad).toBeUndefined();
    }
  });
});
