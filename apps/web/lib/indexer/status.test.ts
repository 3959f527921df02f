import { describe, expect, it } from "vitest";
import { BEHIND_AFTER_BLOCKS, indexerState, indexerStateWords, type PonderStatus } from "./status";

const status = (number: number, id = 31337): PonderStatus => ({ hardhat: { id, block: { number, timestamp: 0 } } });

describe("the indexer's state", () => {
  it("is ready when it trails the chain by its normal pace", () => {
    expect(indexerState(status(100), 31337, 100 + BEHIND_AFTER_BLOCKS)).toEqual({
      state: "ready",
      block: 100,
      head: 105,
    });
  });

  it("is catching up when it trails by more, with both block numbers", () => {
    const s = indexerState(status(100), 31337, 2_000);
    expect(s).toEqual({ state: "behind", block: 100, head: 2_000 });
    expect(indexerStateWords(s)).toBe(
      "The indexer is catching up: block 100 of 2,000. Lists and history may miss the newest changes.",
    );
  });

  it("is down when it does not answer", () => {
    const s = indexerState(undefined, 31337, 10);
    expect(s).toEqual({ state: "down" });
    expect(indexerStateWords(s)).toMatch(/^The indexer is not reachable/);
  });

  it("is down when it indexes another chain than the app serves", () => {
    expect(indexerState(status(100, 1), 31337, 100).state).toBe("down");
  });

  it("is taken at its word when the chain's head is unknown", () => {
    expect(indexerState(status(42), 31337, undefined)).toEqual({ state: "ready", block: 42, head: 42 });
  });

  it("says nothing on a page when it is current", () => {
    expect(indexerStateWords({ state: "ready", block: 1, head: 1 })).toBeNull();
  });
});
