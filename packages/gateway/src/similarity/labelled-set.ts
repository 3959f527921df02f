/**
 * The labelled set near-duplicate search is measured on (its test asserts the goals, `npm run bench phash` prints
 * the table): originals drawn as the demo draws its artwork plus images of other styles drawn here, each modified the
 * ways copies are met (resized, recompressed at low JPEG quality, cropped by up to 10%, colour-shifted, mirrored,
 * captioned), and unrelated images that were never indexed. Everything is drawn from seeds: no files, no network.
 */
import sharp, { type Sharp } from "sharp";
import { artworkPng } from "../../../../scripts/seed/images";
import { type ImageHash, queryHashes, workHashes } from "./hash";
import { HashIndex } from "./hash-index";

export const modifications = ["resized", "jpeg q15", "cropped ≤10%", "colour-shifted", "mirrored", "text overlaid"];
export type Modification = (typeof modifications)[number];

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
}

/** An image of another style than the demo's: stripes, rings or a scatter of dots, from a seed. */
export async function drawnPng(seed: number, size = 640): Promise<Uint8Array> {
  const r = rng(seed);
  const colour = () => `hsl(${Math.round(r() * 360)},${Math.round(40 + r() * 50)}%,${Math.round(25 + r() * 50)}%)`;
  const parts: string[] = [`<rect width="${size}" height="${size}" fill="${colour()}"/>`];
  const style = seed % 3;
  for (let i = 0; i < 18; i++) {
    const at = () => Math.round(r() * size);
    if (style === 0) {
      const w = Math.round(8 + r() * 60);
      parts.push(
        `<rect x="${at()}" y="0" width="${w}" height="${size}" fill="${colour()}" transform="rotate(${
          Math.round(r() * 40) - 20
        } ${size / 2} ${size / 2})"/>`,
      );
    } else if (style === 1) {
      parts.push(`<circle cx="${at()}" cy="${at()}" r="${Math.round(20 + r() * 200)}" fill="none" stroke="${colour()}"
        stroke-width="${Math.round(6 + r() * 30)}"/>`);
    } else {
      parts.push(`<ellipse cx="${at()}" cy="${at()}" rx="${Math.round(10 + r() * 90)}" ry="${Math.round(10 + r() * 90)}"
        fill="${colour()}"/>`);
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">${parts.join("")}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

/** A modified copy of an image, deterministic in `seed`. */
export async function modify(bytes: Uint8Array, how: Modification, seed: number): Promise<Uint8Array> {
  const image = sharp(bytes);
  const { width = 1, height = 1 } = await image.metadata();
  const r = rng(seed);
  let out: Sharp;
  if (how === "resized") out = image.resize(Math.round(width * (0.25 + r() * 0.5))).png();
  else if (how === "jpeg q15") out = image.jpeg({ quality: 15 });
  else if (how === "cropped ≤10%") {
    // Up to 10% of each side's length cut, split at random between its two ends.
    const [cx, cy] = [0.04 + r() * 0.06, 0.04 + r() * 0.06];
    const [lx, ly] = [r() * cx, r() * cy];
    const box = { left: Math.round(width * lx), top: Math.round(height * ly) };
    out = image.extract({ ...box, width: Math.round(width * (1 - cx)), height: Math.round(height * (1 - cy)) }).png();
  } else if (how === "colour-shifted") {
    out = image.modulate({
      hue: Math.round(60 + r() * 240),
      saturation: 0.6 + r() * 0.8,
      brightness: 0.85 + r() * 0.3,
    });
    out = out.jpeg({ quality: 80 });
  } else if (how === "mirrored") out = image.flop().png();
  else {
    const size = Math.round(width / 12);
    const caption = `<svg width="${width}" height="${height}"><text x="${Math.round(width * 0.05)}" y="${Math.round(
      height * (0.15 + r() * 0.7),
    )}" font-family="DejaVu Sans" font-size="${size}" fill="#ffffff"
      stroke="#000000" stroke-width="2">© repost ${seed} · all rights</text></svg>`;
    out = image.composite([{ input: Buffer.from(caption) }]).png();
  }
  return new Uint8Array(await out.toBuffer());
}

export interface LabelledSet {
  index: HashIndex;
  /** The hashes each original was indexed with. */
  originals: Map<string, ImageHash[]>;
  /** Modified copies, each with the key of its original. */
  copies: { how: Modification; original: string; query: ImageHash[] }[];
  /** Images that derive from nothing indexed. */
  unrelated: ImageHash[][];
}

const queryOf = async (bytes: Uint8Array): Promise<ImageHash[]> => {
  const q = await queryHashes(bytes);
  if (!q) throw new Error("a labelled image did not decode");
  return [q.hash, q.mirror];
};

/** Builds the set: `originals` indexed images (half demo artwork, half drawn), each modified every way. */
export async function buildLabelledSet(options: { originals: number; unrelated: number }): Promise<LabelledSet> {
  const index = new HashIndex();
  const copies: LabelledSet["copies"] = [];
  const originals = new Map<string, ImageHash[]>();
  for (let i = 0; i < options.originals; i++) {
    const bytes = i % 2 ? await drawnPng(500 + i) : await artworkPng(1000 + i * 37, `Demo work ${i}`, 768);
    const key = `original-${i}`;
    const hashes = await workHashes(bytes);
    if (!hashes) throw new Error("a labelled image did not decode");
    index.add(key, hashes);
    originals.set(key, hashes);
    for (const [m, how] of modifications.entries()) {
      copies.push({ how, original: key, query: await queryOf(await modify(bytes, how, i * 10 + m)) });
    }
  }
  const unrelated: ImageHash[][] = [];
  for (let i = 0; i < options.unrelated; i++) {
    // Other demo seeds and other drawings: never indexed above.
    const bytes = i % 2 ? await drawnPng(9000 + i) : await artworkPng(7001 + i * 53, `Other work ${i}`, 768);
    unrelated.push(await queryOf(bytes));
  }
  return { index, originals, copies, unrelated };
}

export interface Figures {
  threshold: number;
  rows: { how: Modification; copies: number; found: number; recall: number }[];
  /** Copies whose best match is their original, over all copies. */
  recall: number;
  /** Of all matches returned first (copies and unrelated), the share that named the right original. */
  precision: number;
  unrelated: number;
  falseMatches: number;
  falseMatchRate: number;
}

/** Precision, recall and false matches of the lookup at `threshold` bits over a labelled set. */
export function measure(set: LabelledSet, threshold: number): Figures {
  const rows = modifications.map((how) => {
    const these = set.copies.filter((c) => c.how === how);
    const found = these.filter((c) => set.index.nearest(c.query, threshold, 1)[0]?.key === c.original).length;
    return { how, copies: these.length, found, recall: found / these.length };
  });
  const answered = set.copies.filter((c) => set.index.nearest(c.query, threshold, 1).length > 0).length;
  const found = rows.reduce((sum, r) => sum + r.found, 0);
  const falseMatches = set.unrelated.filter((q) => set.index.nearest(q, threshold, 1).length > 0).length;
  return {
    threshold,
    rows,
    recall: found / set.copies.length,
    precision: found / Math.max(1, answered + falseMatches),
    unrelated: set.unrelated.length,
    falseMatches,
    falseMatchRate: falseMatches / set.unrelated.length,
  };
}
