import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { create as createDigest } from "multiformats/hashes/digest";
import { bytesToHex, type Hex } from "viem";
import { CHUNK_SIZE, DAG_PB, type DagChild, dagPbFileNode, MAX_LINKS_PER_NODE, parentLink, SHA2_256 } from "./unixfs";

/**
 * A file's identity as the chain records it, computed where the file is (in the browser, before a byte
 * is sent): its SHA-256 and its CIDv1 exactly as `ipfs add --cid-version 1 --raw-leaves` gives it.
 *
 * The gateway's streaming hasher does the same with Node's hashing; this module uses only
 * WebCrypto (`crypto.subtle`, in every browser and in Node), so it runs on either side. A test checks
 * that both give identical CIDs for small, multi-chunk and multi-level files.
 */
export { CHUNK_SIZE, MAX_LINKS_PER_NODE } from "./unixfs";

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
      const block = dagPbFileNode(children);
      next.push(parentLink(await cidOf(DAG_PB, block), block, children));
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
