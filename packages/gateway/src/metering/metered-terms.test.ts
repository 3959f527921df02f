import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_UNSIGNED_UNITS, givesNoCredit, unsignedBound } from "./metered-terms";

const payPerFile = { upfrontFee: 0n, minStreamRate: 0n, pricePerUnit: 5n * 10n ** 16n, maxUnpaidUnits: 0n };

describe("the unsigned bound of metered terms", () => {
  it("gives pay-per-file terms (free to get, no bound) no credit at all", () => {
    expect(givesNoCredit(payPerFile)).toBe(true);
    expect(unsignedBound(payPerFile)).toBe(0n);
  });

  it("keeps the bound terms set themselves, free to get or not", () => {
    expect(unsignedBound({ ...payPerFile, maxUnpaidUnits: 3n })).toBe(3n);
    expect(givesNoCredit({ ...payPerFile, maxUnpaidUnits: 3n })).toBe(false);
    expect(unsignedBound({ ...payPerFile, upfrontFee: 1n, maxUnpaidUnits: 7n })).toBe(7n);
  });

  it("lends the default bound when the license cost a fee up front or needs a stream", () => {
    expect(unsignedBound({ ...payPerFile, upfrontFee: 1n })).toBe(DEFAULT_MAX_UNSIGNED_UNITS);
    expect(unsignedBound({ ...payPerFile, minStreamRate: 1n })).toBe(DEFAULT_MAX_UNSIGNED_UNITS);
    expect(givesNoCredit({ ...payPerFile, upfrontFee: 1n })).toBe(false);
  });

  it("does not count unpriced terms as pay per file", () => {
    expect(givesNoCredit({ ...payPerFile, pricePerUnit: 0n })).toBe(false);
  });
});
