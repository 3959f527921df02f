import { describe, expect, it } from "vitest";
import { holderPayments, incomePayments, runningFlows } from "./income";

describe("income rows as chart inputs", () => {
  it("count fees, usage and finished stream periods as earnings, and share sales not", () => {
    expect(
      incomePayments([
        { kind: "licenseFee", amount: 5n, time: 10n },
        { kind: "usage", amount: 3n, time: 11n },
        { kind: "stream", amount: 2n, time: 12n },
        { kind: "shareSale", amount: 100n, time: 13n },
      ]),
    ).toEqual([
      { source: "fees", amount: 5n, time: 10 },
      { source: "usage", amount: 3n, time: 11 },
      { source: "streams", amount: 2n, time: 12 },
    ]);
  });

  it("give a holder's instant cuts as fees and usage together, and stream periods as streams", () => {
    expect(
      holderPayments([
        { kind: "instant", amount: 4n, time: 1n },
        { kind: "stream", amount: 6n, time: 2n },
      ]),
    ).toEqual([
      { source: "payments", amount: 4n, time: 1 },
      { source: "streams", amount: 6n, time: 2 },
    ]);
  });

  it("run a stream from its last booked moment, and a closed stream not at all", () => {
    expect(
      runningFlows([
        { flowRate: 7n, updatedAt: 100n },
        { flowRate: 0n, updatedAt: 50n },
      ]),
    ).toEqual([{ start: 100, rate: 7n }]);
  });
});
