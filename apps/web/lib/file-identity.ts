import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { create as createDigest } from "multiformats/hashes/digest";
import { bytesToHex, type Hex } from "viem";

/**
 * A file's identity as the chain records it, computed where the file is (in the browser, before a byte
 * is sent): its SHA-256 and its CIDv1 exactly as `ipfs add --cid-version 1 --raw-leaves` gives it.
 *
 * The server's `lib/content/cid.ts` does the same with Node's hashing, streaming; this module uses only
 * WebCrypto (`crypto.subtle`, in every browser and in Node), so it runs on either side. A test checks
 * that both give identical CIDs for small, multi-chunk and multi-level files.
 */
export const CHUNK_SIZE = 262_144;
export const MAX_LINKS_PER_NODE = 174;
const SHA2_256 = 0x12;
const DAG_PB = 0x70;

export interface FileIdentity {
  /** SHA-256 of the bytes: the content hash an IP-NFT is registered with. */
  sha256: Hex;
  /** Canonical base32 CIDv1. */
  cid: string;
  /** The binary CIDv1 `IPRegistry.register` takes. */
  cidBytes: Hex;
  size: number;
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

async function cidOf(codec: number, bytes: Uint8Array): Promise<CID> {
  return CID.createV1(codec, createDigest(SHA2_256, await sha256(bytes)));
}

interface DagChild {
  cid: CID;
  fileSize: number;
  treeSize: number;
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}
const field = (n: number, bytes: Uint8Array | number[]) => [(n << 3) | 2, ...varint(bytes.length), ...bytes];
const varintField = (n: number, value: number) => [n << 3, ...varint(value)];

/** A dag-pb UnixFS file node over `children`, canonical form (links first, then Data). */
function fileNode(children: DagChild[]): Uint8Array {
  const out: number[] = [];
  for (const child of children) {
    out.push(...field(2, [...field(1, child.cid.bytes), ...field(2, []), ...varintField(3, child.treeSize)]));
  }
  const total = children.reduce((sum, c) => sum + c.fileSize, 0);
  const data = [...varintField(1, 2), ...varintField(3, total)];
  for (const child of children) data.push(...varintField(4, child.fileSize));
  out.push(...field(1, data));
  return new Uint8Array(out);
}

/**
 * Computes the identity of a file held in memory. `onProgress` gets the fraction hashed (0..1), so a
 * large file shows progress instead of a frozen page.
 */
export async function identifyFile(bytes: Uint8Array, onProgress?: (fraction: number) => void): Promise<FileIdentity> {
  const leaves: DagChild[] = [];
  for (let offset = 0; offset < bytes.length || leaves.length === 0; offset += CHUNK_SIZE) {
    const chunk = bytes.subarray(offset, Math.min(offset + CHUNK_SIZE, bytes.length));
    leaves.push({ cid: await cidOf(raw.code, chunk), fileSize: chunk.length, treeSize: chunk.length });
    onProgress?.(Math.min(1, (offset + chunk.length) / Math.max(1, bytes.length)));
    if (bytes.length === 0) break;
  }
  let level = leaves;
  while (level.length > 1) {
    const next: DagChild[] = [];
    for (let i = 0; i < level.length; i += MAX_LINKS_PER_NODE) {
      const children = level.slice(i, i + MAX_LINKS_PER_NODE);
      const block = fileNode(children);
      next.push({
        cid: await cidOf(DAG_PB, block),
        fileSize: children.reduce((s, c) => s + c.fileSize, 0),
        treeSize: block.length + children.reduce((s, c) => s + c.treeSize, 0),
      });
    }
    level = next;
  }
  const cid = level[0].cid;
  const contentHash = leaves.length === 1 ? cid.multihash.digest : await sha256(bytes);
  return { sha256: bytesToHex(contentHash), cid: cid.toString(), cidBytes: bytesToHex(cid.bytes), size: bytes.length };
}

/** The raw-codec CIDv1 of some bytes (how metadata JSON is addressed). */
export async function rawCidOf(bytes: Uint8Array): Promise<string> {
  return (await cidOf(raw.code, bytes)).toString();
}

/** A binary CIDv1 from the chain, as its base32 text. */
export function cidText(cidBytes: Hex): string {
  const hex = cidBytes.slice(2);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return CID.decode(bytes).toString();
}
