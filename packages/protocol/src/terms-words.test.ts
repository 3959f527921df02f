import { parseUnits, zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import type { Terms } from "./terms";
import { durationWords, perMonth, priceWords, termsHeadline, termsInWords } from "./terms-words";

const m = { symbol: "fUSDx", decimals: 18 };
const base: Terms = {
  commercialUse: false,
  derivativesAllowed: false,
  aiTrainingAllowed: true,
  attributionRequired: true,
  transferable: false,
  duration: 365 * 86_400,
  maxLicenses: 0,
  derivativeRoyaltyBps: 0,
  minStreamRate: 0n,
  minStreamPeriod: 0,
  upfrontFee: parseUnits("100", 18),
  currency: zeroAddress,
  pricePerUnit: 0n,
  maxUnpaidUnits: 0n,
  legalTextURI: "urn:x",
};

describe("license terms in plain words", () => {
  it("says what a flat-fee training license allows and costs", () => {
    const words = Object.fromEntries(termsInWords(base, m).map((l) => [l.label, l.value]));
    expect(words["AI training"]).toBe("Allowed");
    expect(words["Commercial use"]).toBe("Not allowed");
    expect(words.Lasts).toBe("One year");
    expect(words["Licenses on offer"]).toBe("No limit");
    expect(words.Price).toBe("100 fUSDx once");
    expect(termsHeadline(base)).toBe("Allows AI training");
  });

  it("states a stream per month and a metered price with its unpaid bound", () => {
    const streamed = {
      ...base,
      upfrontFee: 0n,
      duration: 0,
      minStreamRate: 11_574_074_000_000n,
      pricePerUnit: parseUnits("0.01", 18),
      maxUnpaidUnits: 100n,
    };
    expect(priceWords(streamed, m)).toBe(
      "a stream of at least 29.99 fUSDx a month plus 0.01 fUSDx per file served (settle before 100 unpaid files)",
    );
    expect(durationWords(0)).toBe("Never expires");
    expect(perMonth(0n, m)).toBe("0 fUSDx a month");
  });

  it("names the royalty a derivative owes", () => {
    const remix = { ...base, derivativesAllowed: true, derivativeRoyaltyBps: 1250 };
    expect(termsInWords(remix, m).find((l) => l.label === "Derivatives")?.value).toBe(
      "Allowed; a derivative owes 12.5% of its income to this work",
    );
  });
});
