import { describe, expect, it } from "vitest";
import { bucketLabel, incomeSeries, MAX_BUCKETS, stepFor, toUnits } from "./series";

const T = 1_800_000_000; // a moment in 2027; every time below is relative to it

describe("income over time", () => {
  it("is empty before anything was paid", () => {
    expect(incomeSeries([], [], T)).toEqual({
      step: 60,
      buckets: [],
      total: { fees: 0n, usage: 0n, payments: 0n, streams: 0n },
    });
  });

  it("puts a fee and a usage payment in the period they were paid in", () => {
    const s = incomeSeries(
      [
        { time: T, amount: 5n, source: "fees" },
        { time: T + 200, amount: 7n, source: "usage" },
      ],
      [],
      T + 600,
    );
    expect(s.step).toBe(60);
    const withFee = s.buckets.find((b) => b.fees > 0n);
    const withUsage = s.buckets.find((b) => b.usage > 0n);
    expect(withFee?.start).toBeLessThanOrEqual(T);
    expect(withUsage!.start).toBeLessThanOrEqual(T + 200);
    expect(withUsage!.start + s.step).toBeGreaterThan(T + 200);
    expect(s.total).toEqual({ fees: 5n, usage: 7n, payments: 0n, streams: 0n });
  });

  it("spreads a stream over the periods it flowed in, to the second", () => {
    const origin = Math.floor(T / 60) * 60;
    const s = incomeSeries([], [{ start: origin + 30, end: origin + 150, rate: 2n }], origin + 170);
    expect(s.buckets.map((b) => b.streams)).toEqual([60n, 120n, 60n]);
    expect(s.total.streams).toBe(240n);
  });

  it("counts a stream still flowing up to now", () => {
    const origin = Math.floor(T / 60) * 60;
    const s = incomeSeries([], [{ start: origin, rate: 3n }], origin + 90);
    expect(s.total.streams).toBe(270n);
  });

  it("keeps the sum of the periods equal to the sum of the payments", () => {
    const payments = Array.from({ length: 50 }, (_, i) => ({
      time: T + i * 7_919,
      amount: BigInt(i + 1),
      source: "fees" as const,
    }));
    const s = incomeSeries(payments, [{ start: T, end: T + 100_000, rate: 1n }], T + 400_000);
    expect(s.buckets.reduce((sum, b) => sum + b.fees, 0n)).toBe(1275n);
    expect(s.buckets.reduce((sum, b) => sum + b.streams, 0n)).toBe(100_000n);
  });

  it("never draws more than MAX_BUCKETS periods, however long the history", () => {
    const s = incomeSeries([{ time: T - 3 * 365 * 86_400, amount: 1n, source: "fees" }], [], T);
    expect(s.buckets.length).toBeLessThanOrEqual(MAX_BUCKETS);
  });

  it("ignores what is dated after now (a clock behind the chain's)", () => {
    expect(incomeSeries([{ time: T + 10, amount: 1n, source: "fees" }], [], T).buckets).toEqual([]);
  });
});

describe("periods", () => {
  it("grow with the span so it fits the chart", () => {
    expect(stepFor(0, 10 * 60)).toBe(60);
    expect(stepFor(0, 3 * 3_600)).toBe(900);
    expect(stepFor(0, 20 * 86_400)).toBe(86_400);
  });

  it("are labelled in UTC, by date for a day or more", () => {
    expect(bucketLabel(Date.UTC(2026, 10, 30, 13, 5) / 1000, 60)).toBe("11-30 13:05");
    expect(bucketLabel(Date.UTC(2026, 10, 30) / 1000, 86_400)).toBe("2026-11-30");
  });
});

describe("amounts for drawing", () => {
  it("are whole currency units", () => {
    expect(toUnits(1_500_000n, 6)).toBe(1.5);
    expect(toUnits(10n ** 18n, 18)).toBe(1);
  });
});
