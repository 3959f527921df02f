import type { CID } from "multiformats/cid";

/**
 * The layout `ipfs add --cid-version 1 --raw-leaves` gives a file (Kubo's classic defaults), without
 * any hashing: chunk size, fan-out, and the canonical bytes of a dag-pb UnixFS `file` node. Hashing
 * is left to the caller, so the server (Node's streaming hash, `cid.ts`) and the browser (WebCrypto,
 * `file-identity.ts`) build the same DAG from this one definition.
 */
export const CHUNK_SIZE = 262_144;
export const MAX_LINKS_PER_NODE = 174;

export const SHA2_256 = 0x12;
export const DAG_PB = 0x70;
const UNIXFS_FILE = 2;

/** A node of the DAG as its parent links to it. */
export interface DagChild {
  cid: CID;
  /** Bytes of the file below this node (UnixFS blocksize). */
  fileSize: number;
  /** Bytes of every block below and including this node (dag-pb Tsize). */
  treeSize: number;
}

// --- the few protobuf pieces dag-pb and UnixFS need (proto2 varints and length-delimited fields) ---

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

function lengthDelimited(field: number, bytes: Uint8Array | number[]): number[] {
  return [(field << 3) | 2, ...varint(bytes.length), ...bytes];
}

function varintField(field: number, value: number): number[] {
  return [(field << 3) | 0, ...varint(value)];
}

/** UnixFS `Data` of a file node: Type=File, filesize, and one blocksize per child. */
function unixfsFileData(children: DagChild[]): number[] {
  const out = [...varintField(1, UNIXFS_FILE), ...varintField(3, fileSizeOf(children))];
  for (const child of children) out.push(...varintField(4, child.fileSize));
  return out;
}

/** A dag-pb file node over `children` in canonical form: the links (field 2) first, then Data (field 1). */
export function dagPbFileNode(children: DagChild[]): Uint8Array {
  const out: number[] = [];
  for (const child of children) {
    const link = [
      ...lengthDelimited(1, child.cid.bytes),
      ...lengthDelimited(2, []), // Name: "" (Kubo writes the empty name)
      ...varintField(3, child.treeSize),
    ];
    out.push(...lengthDelimited(2, link));
  }
  out.push(...lengthDelimited(1, unixfsFileData(children)));
  return new Uint8Array(out);
}

/** The parent of `children`, given its CID (the hash of `block`, the node `dagPbFileNode` made). */
export function parentLink(cid: CID, block: Uint8Array, children: DagChild[]): DagChild {
  return {
    cid,
    fileSize: fileSizeOf(children),
    treeSize: block.length + children.reduce((sum, c) => sum + c.treeSize, 0),
  };
}

function fileSizeOf(children: DagChild[]): number {
  return children.reduce((sum, c) => sum + c.fileSize, 0);
}
