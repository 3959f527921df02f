/**
 * `flock /work/heavy.lock npm run bench phash`: near-duplicate search. First the labelled set (24 originals, half
 * drawn as the demo draws, 144 modified copies, 120 unrelated images; `packages/gateway/src/similarity/labelled-set.ts`)
 * as a precision/recall table at several thresholds, the gateway's marked; then lookups in an index of 10,000 works
 * (the 24 originals and 9,976 works of random hashes, 49 window hashes each: a scan costs the same whatever the
 * hashes hold) for the modified copies, and the time to hash a query image. Goals beside the figures.
 */
import { performance } from "node:perf_hooks";
import { MATCH_DISTANCE, queryHashes, similarityOf } from "@ipnft/gateway/similarity/hash";
import { HashIndex } from "@ipnft/gateway/similarity/hash-index";
import { buildLabelledSet, measure } from "@ipnft/gateway/similarity/labelled-set";
import { artworkPng } from "../seed/images";

const GOALS = { recall: 0.95, falseMatchRate: 0.01, p50Ms: 20 };
const WORKS = 10_000;
const HASHES_PER_WORK = 49;
const LOOKUPS = 500;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

function randomHash(next: () => number): bigint {
  return (BigInt(next() >>> 0) << 32n) | BigInt(next() >>> 0);
}

export async function run(): Promise<void> {
  const started = performance.now();
  const set = await buildLabelledSet({ originals: 24, unrelated: 120 });
  console.log(
    `labelled set: ${set.copies.length} modified copies of 24 originals, ${set.unrelated.length} unrelated images ` +
      `(built in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );

  console.log("\nthreshold (bits / similarity)  recall  precision  false matches (unrelated)");
  for (const bits of [4, 6, 8, 10, 12]) {
    const f = measure(set, bits);
    const mark = bits === MATCH_DISTANCE ? "  ← gateway" : "";
    console.log(
      `${String(bits).padStart(9)} / ${similarityOf(bits).toFixed(3)}          ${pct(f.recall).padStart(6)}  ` +
        `${pct(f.precision).padStart(9)}  ${f.falseMatches}/${f.unrelated} = ${pct(f.falseMatchRate)}${mark}`,
    );
  }
  const chosen = measure(set, MATCH_DISTANCE);
  console.log(`\nat the gateway's threshold (${MATCH_DISTANCE} bits, similarity ≥ ${similarityOf(MATCH_DISTANCE)}):`);
  console.log("modification        copies  found  recall");
  for (const row of chosen.rows) {
    console.log(
      `${row.how.padEnd(18)}  ${String(row.copies).padStart(6)}  ${String(row.found).padStart(5)}  ${pct(row.recall)}`,
    );
  }
  console.log(
    `all copies: recall ${pct(chosen.recall)} (goal ≥ ${pct(GOALS.recall)}) ${chosen.recall >= GOALS.recall ? "✓" : "✗"}; ` +
      `unrelated matched ${pct(chosen.falseMatchRate)} (goal ≤ ${pct(GOALS.falseMatchRate)}) ` +
      `${chosen.falseMatchRate <= GOALS.falseMatchRate ? "✓" : "✗"}; precision ${pct(chosen.precision)}`,
  );

  // Filler works up to 10,000, then the labelled originals' own hashes.
  const index = new HashIndex();
  let state = 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state;
  };
  for (let i = 0; i < WORKS - 24; i++) {
    index.add(
      `filler-${i}`,
      Array.from({ length: HASHES_PER_WORK }, () => randomHash(next)),
    );
  }
  for (const [key, hashes] of set.originals) index.add(key, hashes);
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < LOOKUPS; i++) {
    const copy = set.copies[i % set.copies.length];
    const t0 = performance.now();
    const near = index.nearest(copy.query, MATCH_DISTANCE, 5);
    times.push(performance.now() - t0);
    if (near.some((n) => n.key === copy.original)) found++;
  }
  times.sort((a, b) => a - b);
  const p50 = quantile(times, 0.5);
  console.log(
    `\nlookup over ${WORKS.toLocaleString("en")} works (${(WORKS * HASHES_PER_WORK).toLocaleString("en")} hashes, ` +
      `query and mirror), ${LOOKUPS} lookups: p50 ${p50.toFixed(2)} ms, p95 ${quantile(times, 0.95).toFixed(2)} ms ` +
      `(goal p50 ≤ ${GOALS.p50Ms} ms) ${p50 <= GOALS.p50Ms ? "✓" : "✗"}; originals found ${found}/${LOOKUPS}`,
  );

  const image = await artworkPng(4321, "Bench query", 1024);
  const hashing: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await queryHashes(image);
    hashing.push(performance.now() - t0);
  }
  hashing.sort((a, b) => a - b);
  console.log(
    `hashing a 1024×1024 PNG query (decode, greyscale, image and mirror): p50 ${quantile(hashing, 0.5).toFixed(1)} ms, ` +
      `p95 ${quantile(hashing, 0.95).toFixed(1)} ms`,
  );
}
