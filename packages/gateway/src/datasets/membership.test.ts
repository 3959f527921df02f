import { describe, expect, it } from "vitest";
import { memberCovered } from "./membership";
import { scaledBytes, UNIT_SCALE } from "./metered-member";

const member = { ipId: 4n, weight: 2n, addedBlock: 10n };

describe("which members a dataset license lets out", () => {
  it("covers a current member, whenever the license was bought", () => {
    expect(memberCovered({ ...member, removedBlock: 0n, removedAt: 0 }, 1_000)).toBe(true);
  });

  it("covers a removed member only for a license bought before the removal", () => {
    const removed = { ...member, removedBlock: 20n, removedAt: 2_000 };
    expect(memberCovered(removed, 1_999)).toBe(true);
    expect(memberCovered(removed, 2_000)).toBe(false);
    expect(memberCovered(removed, 2_500)).toBe(false);
  });
});

describe("a member file's usage in the ledger's fixed scale", () => {
  it("counts a whole file as one unit whatever its size", () => {
    expect(scaledBytes(1_234_567, 1_234_567)).toBe(UNIT_SCALE);
    expect(scaledBytes(3, 3)).toBe(UNIT_SCALE);
  });

  it("never counts a piece of a file as nothing", () => {
    expect(scaledBytes(1, 10_000_000)).toBeGreaterThan(0n);
    expect(scaledBytes(5_000_000, 10_000_000)).toBe(UNIT_SCALE / 2n);
  });
});
