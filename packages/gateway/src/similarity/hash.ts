import sharp, { type Region, type Sharp } from "sharp";

/**
 * Perceptual hashes of images: the 64-bit DCT hash of sharp-phash (MIT; greyscale 32×32 by sharp, the 8×8 lowest
 * frequencies above the first against their mean), bit for bit (`hash.test.ts` checks it against the library), with
 * its DCT computed separably: the library's direct 4-fold loop costs ~40 ms a hash on the event loop, this ~0.1 ms,
 * which is what lets a work keep many hashes. Images that look alike differ in few of the 64 bits whatever their
 * bytes, size, compression or colours. Plain pHash misses two kinds of copy (measured on the labelled set), so:
 * - a mirror image reverses the picture, not the bits (a mirrored copy lands 22–36 bits away, unrelated images 14
 *   and up): a lookup hashes the query as given and mirrored, and keeps the nearer of the two;
 * - a crop moves every frequency (a 10% crop lands 4–27 bits away): a stored work keeps the hashes of 49 windows of
 *   itself (full, 95% or 90% of each side, at its start, centre or end), so a copy cropped by up to 10% lies within a
 *   few bits of one of them.
 */
export type ImageHash = bigint;

/** The largest image hashed, in pixels (sharp refuses bigger ones: a decompression bomb costs nothing). */
const LIMIT_INPUT_PIXELS = 100_000_000;
/** The side of the greyscale copy the windows are cut from: far more than the 32×32 the hash reads. */
const SIDE = 256;
/** The windows a work is hashed in, per axis: [share of the side kept, where the window sits (0 start, 1 end)]. */
const WINDOWS: readonly (readonly [number, number])[] = [
  [1, 0],
  [0.95, 0],
  [0.95, 0.5],
  [0.95, 1],
  [0.9, 0],
  [0.9, 0.5],
  [0.9, 1],
];
/**
 * Below this spread of grey levels (standard deviation, of 255) an image is flat, a solid colour or nearly: its hash
 * is noise around zero that any other flat image shares, so it is neither indexed nor guarded.
 */
const FEATURELESS_STDEV = 3;
/** How many hashes a work keeps. */
export const HASHES_PER_WORK = WINDOWS.length ** 2;

const N = 32;
const LOW = 8;
/** COS[k][n] = cos((2k+1)nπ/2N), as sharp-phash has it. */
const COS = Array.from({ length: N }, (_, k) =>
  Float64Array.from({ length: N }, (_, n) => Math.cos(((2 * k + 1) / (2 * N)) * n * Math.PI)),
);

/** sharp-phash's hash of a 32×32 greyscale image (row-major bytes). */
export function dctHash(pixels: Uint8Array): ImageHash {
  // The library reads s[x][y] = pixels[N*y + x] and keeps F[x+1][y+1] for x, y < 8, F the 2D DCT-II of s.
  const partial = new Float64Array(LOW * N); // partial[u][y] = Σx COS[x][u+1] s[x][y]
  for (let u = 0; u < LOW; u++) {
    for (let y = 0; y < N; y++) {
      let sum = 0;
      for (let x = 0; x < N; x++) sum += COS[x][u + 1] * pixels[N * y + x];
      partial[u * N + y] = sum;
    }
  }
  const coefficients = new Float64Array(LOW * LOW);
  let total = 0;
  for (let u = 0; u < LOW; u++) {
    for (let v = 0; v < LOW; v++) {
      let sum = 0;
      for (let y = 0; y < N; y++) sum += COS[y][v + 1] * partial[u * N + y];
      coefficients[u * LOW + v] = sum / 4;
      total += sum / 4;
    }
  }
  const mean = total / (LOW * LOW);
  let hash = 0n;
  for (const c of coefficients) hash = (hash << 1n) | (c > mean ? 1n : 0n);
  return hash;
}

interface Grey {
  data: Buffer;
  raw: { raw: { width: number; height: number; channels: 1 } };
}

async function greyscale(bytes: Uint8Array): Promise<Grey | undefined> {
  try {
    const data = await sharp(bytes, { limitInputPixels: LIMIT_INPUT_PIXELS, animated: false })
      .rotate()
      .resize(SIDE, SIDE, { fit: "fill" })
      .toColourspace("b-w")
      .raw()
      .toBuffer();
    return { data, raw: { raw: { width: SIDE, height: SIDE, channels: 1 } } };
  } catch {
    return undefined;
  }
}

/** The hash of (a window of) a greyscale image: scaled to 32×32 by sharp, as sharp-phash does. */
async function hashOf(image: Sharp): Promise<ImageHash> {
  const pixels = await image.resize(N, N, { fit: "fill" }).toColourspace("b-w").raw().toBuffer();
  return dctHash(pixels);
}

function windowOf([sx, px]: readonly [number, number], [sy, py]: readonly [number, number]): Region {
  const width = Math.round(SIDE * sx);
  const height = Math.round(SIDE * sy);
  return { left: Math.round((SIDE - width) * px), top: Math.round((SIDE - height) * py), width, height };
}

/**
 * The hashes a stored image is found by: the whole image first, then its cropped windows. None for a flat image
 * (nothing to recognise it by); undefined when the bytes are not an image sharp reads.
 */
export async function workHashes(bytes: Uint8Array): Promise<ImageHash[] | undefined> {
  const grey = await greyscale(bytes);
  if (!grey) return undefined;
  if (featureless(grey.data)) return [];
  const windows = WINDOWS.flatMap((x) => WINDOWS.map((y) => windowOf(x, y)));
  return Promise.all(windows.map((w) => hashOf(sharp(grey.data, grey.raw).extract(w))));
}

function featureless(pixels: Uint8Array): boolean {
  let sum = 0;
  let squares = 0;
  for (const p of pixels) {
    sum += p;
    squares += p * p;
  }
  const mean = sum / pixels.length;
  return Math.sqrt(Math.max(0, squares / pixels.length - mean * mean)) < FEATURELESS_STDEV;
}

/** The hash of an image and of its mirror image, which a lookup compares both. */
export async function queryHashes(bytes: Uint8Array): Promise<{ hash: ImageHash; mirror: ImageHash } | undefined> {
  const grey = await greyscale(bytes);
  if (!grey) return undefined;
  const [hash, mirror] = await Promise.all([
    hashOf(sharp(grey.data, grey.raw)),
    hashOf(sharp(grey.data, grey.raw).flop()),
  ]);
  return { hash, mirror };
}

/** The perceptual hash of a whole image as 16 hex digits (what a work's metadata names), or undefined. */
export async function imageHashHex(bytes: Uint8Array): Promise<string | undefined> {
  const grey = await greyscale(bytes);
  if (!grey || featureless(grey.data)) return undefined;
  return hashHex(await hashOf(sharp(grey.data, grey.raw)));
}

/** A hash as 16 hex digits, as the database and the API keep it. */
export const hashHex = (hash: ImageHash): string => hash.toString(16).padStart(16, "0");

export function parseHashHex(text: string): ImageHash | undefined {
  return /^[0-9a-f]{16}$/.test(text) ? BigInt(`0x${text}`) : undefined;
}

/** Differing bits between two hashes (0–64). */
export function hammingDistance(a: ImageHash, b: ImageHash): number {
  let x = a ^ b;
  let count = 0;
  while (x) {
    x &= x - 1n;
    count++;
  }
  return count;
}

/**
 * Bits apart at which two images count as the same picture. On the labelled set (`labelled-set.test.ts`), copies
 * (resized, recompressed, cropped ≤ 10%, recoloured, mirrored, captioned) land within 8 bits of one of their
 * original's windows, and unrelated images 10 or more (most 15–22) from every window of every original.
 */
export const MATCH_DISTANCE = 8;

/** Similarity 0–1 from a distance: 1 for the same hash, 0 at 32 bits (where unrelated images lie on average). */
export const similarityOf = (distance: number): number => Math.round(Math.max(0, 1 - distance / 32) * 1000) / 1000;
