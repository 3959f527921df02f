import { createHash } from "node:crypto";
import {
  CHUNK_SIZE,
  DAG_PB,
  type DagChild,
  dagPbFileNode,
  MAX_LINKS_PER_NODE,
  parentLink,
  SHA2_256,
} from "@ipnft/protocol/content/unixfs";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { create as createDigest } from "multiformats/hashes/digest";

/**
 * CIDv1 of a file exactly as `ipfs add --cid-version 1 --raw-leaves` computes it (Kubo's classic
 * defaults): fixed-size chunks of 256 KiB, each a raw leaf; a balanced DAG of dag-pb UnixFS `file`
 * nodes with at most 174 links each. A file of one chunk (or none) is the raw CID of its bytes.
 *
 * Written by hand (not with ipfs-unixfs-importer) so the server streams an upload once, keeping only
 * the leaf CIDs in memory; the importer is the oracle the tests check this against.
 */
export { CHUNK_SIZE, MAX_LINKS_PER_NODE } from "@ipnft/protocol/content/unixfs";

function sha256Cid(codec: number, bytes: Uint8Array): CID {
  const digest = createHash("sha256").update(bytes).digest();
  return CID.createV1(codec, createDigest(SHA2_256, new Uint8Array(digest)));
}

/** The raw-codec CIDv1 of some bytes: what a single-chunk file is, and how metadata JSON is addressed. */
export function rawCid(bytes: Uint8Array): CID {
  return sha256Cid(raw.code, bytes);
}

function parentOf(children: DagChild[]): DagChild {
  const block = dagPbFileNode(children);
  return parentLink(sha256Cid(DAG_PB, block), block, children);
}

/**
 * Computes a file's CID incrementally: feed it the bytes as they arrive (any slicing), then `cid()`.
 * Memory stays at one chunk plus one small entry per chunk.
 */
export class UnixfsFileCid {
  private readonly leaves: DagChild[] = [];
  private buffer = new Uint8Array(CHUNK_SIZE);
  private filled = 0;
  private done = false;

  update(bytes: Uint8Array): this {
    if (this.done) throw new Error("UnixfsFileCid: update() after cid()");
    let offset = 0;
    while (offset < bytes.length) {
      const take = Math.min(CHUNK_SIZE - this.filled, bytes.length - offset);
      this.buffer.set(bytes.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === CHUNK_SIZE) this.flushLeaf();
    }
    return this;
  }

  private flushLeaf(): void {
    const chunk = this.buffer.subarray(0, this.filled);
    this.leaves.push({ cid: rawCid(chunk), fileSize: chunk.length, treeSize: chunk.length });
    this.filled = 0;
  }

  cid(): CID {
    this.done = true;
    // The last partial chunk; an empty file is one empty raw leaf, as Kubo has it.
    if (this.filled > 0 || this.leaves.length === 0) this.flushLeaf();
    if (this.leaves.length === 1) return this.leaves[0].cid;
    let level = this.leaves;
    while (level.length > 1) {
      const next: DagChild[] = [];
      for (let i = 0; i < level.length; i += MAX_LINKS_PER_NODE) {
        next.push(parentOf(level.slice(i, i + MAX_LINKS_PER_NODE)));
      }
      level = next;
    }
    return level[0].cid;
  }
}

/** The CIDv1 of a whole file held in memory. */
export function fileCid(bytes: Uint8Array): CID {
  return new UnixfsFileCid().update(bytes).cid();
}

/** Only canonical base32 CIDv1 text is a CID here, so a CID string is safe as a file name. */
export { parseCid } from "@ipnft/protocol/content/cid";
