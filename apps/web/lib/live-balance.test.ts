import { describe, expect, it } from "vitest";
import { liveValue } from "./live-balance";

describe("a live balance", () => {
  const reading = { amount: 1_000n, flowRate: 2_000n, timestamp: 100n, readAt: 50_000 };
  it("is the chain's amount at the moment it was read", () => {
    expect(liveValue(reading, 50_000)).toBe(1_000n);
  });
  it("grows by the flow rate for every second since, to the millisecond", () => {
    expect(liveValue(reading, 51_000)).toBe(3_000n);
    expect(liveValue(reading, 50_016)).toBe(1_032n);
  });
  it("shrinks for an outgoing stream", () => {
    expect(liveValue({ ...reading, flowRate: -500n }, 52_000)).toBe(0n);
  });
  it("never runs backwards when the browser's clock is behind the reading", () => {
    expect(liveValue(reading, 49_000)).toBe(1_000n);
  });
});
