import { beforeAll, describe, expect, it } from "vitest";
import { MATCH_DISTANCE } from "./hash";
import { buildLabelledSet, type LabelledSet, measure } from "./labelled-set";

/**
 * The goals of near-duplicate search, on 24 originals (12 drawn as the demo draws, 12 of other styles), 144 modified
 * copies of them and 120 unrelated images: recall ≥ 0.95 on the copies and ≤ 1% false matches on the unrelated, at
 * the threshold the gateway uses.
 */
describe("near-duplicate search over the labelled set", () => {
  let set: LabelledSet;
  beforeAll(async () => {
    set = await buildLabelledSet({ originals: 24, unrelated: 120 });
  }, 240_000);

  it("finds the original of at least 95% of the modified copies, first in rank", () => {
    const figures = measure(set, MATCH_DISTANCE);
    expect(set.copies).toHaveLength(144);
    expect(figures.recall).toBeGreaterThanOrEqual(0.95);
    // Every kind of copy is found, not just the easy ones carrying the average.
    for (const row of figures.rows) expect(row.recall, row.how).toBeGreaterThanOrEqual(0.9);
  });

  it("matches at most 1% of the unrelated images, and ranks no wrong original first", () => {
    const figures = measure(set, MATCH_DISTANCE);
    expect(figures.unrelated).toBe(120);
    expect(figures.falseMatchRate).toBeLessThanOrEqual(0.01);
    expect(figures.precision).toBeGreaterThanOrEqual(0.99);
  });

  it("needs the mirror and crop hashes: a threshold of 0 bits finds far fewer copies", () => {
    // A check that the figures above measure something: exact-hash matching misses most crops.
    const exact = measure(set, 0);
    const cropped = exact.rows.find((r) => r.how === "cropped ≤10%");
    expect(cropped?.recall).toBeLessThan(0.5);
  });
});
