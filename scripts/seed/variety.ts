/**
 * What a bulk-seeded work is like, drawn from a seed: kind, title and description from word lists, tags, which of
 * the terms on offer it takes, and whether it is a derivative, sells shares, is licensed or is streamed to. The same
 * seed always gives the same work, so two runs over fresh chains seed the same catalog.
 */
import type { Kind } from "@ipnft/protocol/work-metadata";

export function rng(seed: number) {
  let x = (seed * 2654435761) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) % 1_000_000) / 1_000_000;
  };
}

const adjectives = [
  "Quiet",
  "Neon",
  "Velvet",
  "Paper",
  "Glass",
  "Salt",
  "Amber",
  "Hollow",
  "Silver",
  "Wild",
  "Early",
  "Distant",
  "Broken",
  "Soft",
  "Electric",
  "Golden",
  "Northern",
  "Hidden",
  "Burnt",
  "Painted",
  "Silent",
  "Lucid",
  "Tidal",
  "Copper",
  "Faded",
  "Midnight",
  "Woven",
  "Crimson",
  "Pale",
  "Restless",
];
const nouns = [
  "harbour",
  "orchard",
  "lanterns",
  "birds",
  "geometry",
  "bloom",
  "thunder",
  "stone",
  "river",
  "market",
  "garden",
  "signal",
  "tide",
  "forest",
  "archive",
  "city",
  "meadow",
  "machine",
  "portrait",
  "skyline",
  "letters",
  "glacier",
  "workshop",
  "carnival",
  "lighthouse",
  "window",
  "desert",
  "atlas",
  "chorus",
  "staircase",
];
const forms = ["study", "in blue", "at dusk", "no. 2", "variations", "remembered", "after rain", "in motion", "", ""];
const tagWords = [
  "sea",
  "night",
  "city",
  "nature",
  "light",
  "portrait",
  "abstract",
  "texture",
  "ink",
  "geometric",
  "lettering",
  "storm",
  "macro",
  "festival",
  "winter",
  "film",
  "collage",
  "botanical",
  "architecture",
  "pattern",
];
const kindsByWeight: Kind[] = ["Work", "Work", "Work", "Work", "Work", "Work", "Work", "Style", "Style", "Dataset"];

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];

/** How often (0..1) a seeded work gets each kind of activity. */
export const rates = { derivative: 0.03, shares: 0.12, sale: 0.5, license: 0.2, secondLicense: 0.3, stream: 0.005 };

export interface WorkPlan {
  seed: number;
  kind: Kind;
  title: string;
  description: string;
  tags: string[];
  /** Indices into the terms on offer (0..terms-1), distinct, 1 to 3 of them. */
  terms: number[];
  derivative: boolean;
  shares: boolean;
  /** Shares put on sale (when `shares`), a price index, and how many buyers (0 to 2). */
  sale?: { shares: bigint; priceTier: number; buyers: number };
  /** Licenses bought of it by other accounts (0 to 2). */
  licenses: number;
  /** A licensee streams into its pool (forces shares and the streamed terms). */
  stream: boolean;
}

export function planWork(seed: number, termsCount: number): WorkPlan {
  const r = rng(seed);
  const kind = pick(r, kindsByWeight);
  const form = pick(r, forms);
  const title = `${pick(r, adjectives)} ${pick(r, nouns)}${form ? ` ${form}` : ""}`;
  const tags = [...new Set([pick(r, tagWords), pick(r, tagWords), ...(r() < 0.5 ? [pick(r, tagWords)] : [])])];
  if (kind !== "Work") tags.unshift(kind.toLowerCase());
  const what = kind === "Style" ? "A reference set for the style" : kind === "Dataset" ? "A training set" : "A work";
  const description = `${what} “${title}”: ${tags.join(", ")}. Seeded in bulk for load tests.`;
  const terms = [...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => Math.floor(r() * termsCount)))];
  const derivative = r() < rates.derivative;
  const stream = r() < rates.stream;
  // A derivative pays its parents through its pool, and a stream flows into one: both need shares.
  const shares = stream || derivative || r() < rates.shares;
  const sale =
    shares && r() < rates.sale
      ? {
          shares: BigInt(1 + Math.floor(r() * 30)) * 10_000n,
          priceTier: Math.floor(r() * 4),
          buyers: Math.floor(r() * 3),
        }
      : undefined;
  const licenses = r() < rates.license ? (r() < rates.secondLicense ? 2 : 1) : 0;
  return { seed, kind, title, description, tags, terms, derivative, shares, sale, licenses, stream };
}
