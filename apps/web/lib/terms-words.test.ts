import { parseUnits, zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import { draftToTerms, defaultDraft } from "@/components/TermsEditor";
import { durationWords, perMonth, priceWords, type Terms, termsHeadline, termsInWords } from "./terms-words";

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
    const streamed = { ...base, upfrontFee: 0n, duration: 0, minStreamRate: 11_574_074_000_000n, pricePerUnit: parseUnits("0.01", 18), maxUnpaidUnits: 100n };
    expect(priceWords(streamed, m)).toBe("a stream of at least 29.99 fUSDx a month plus 0.01 fUSDx per file served (settle before 100 unpaid files)");
    expect(durationWords(0)).toBe("Never expires");
    expect(perMonth(0n, m)).toBe("0 fUSDx a month");
  });

  it("names the royalty a derivative owes", () => {
    const remix = { ...base, derivativesAllowed: true, derivativeRoyaltyBps: 1250 };
    expect(termsInWords(remix, m).find((l) => l.label === "Derivatives")?.value).toBe("Allowed; a derivative owes 12.5% of its income to this work");
  });
});

describe("the terms editor turns what a person types into on-chain terms", () => {
  it("converts tokens, days, percent and a monthly stream", () => {
    const result = draftToTerms({ ...defaultDraft, upfrontFee: "42", durationDays: "30", derivativesAllowed: true, derivativeRoyaltyPct: "12.5", streamPerMonth: "2592" }, zeroAddress, 18);
    expect("terms" in result && result.terms).toMatchObject({
      upfrontFee: parseUnits("42", 18),
      duration: 30 * 86_400,
      derivativeRoyaltyBps: 1250,
      minStreamRate: parseUnits("0.001", 18), // 2592 a month is 0.001 a second
    });
  });

  it("refuses terms that allow nothing, in words", () => {
    const result = draftToTerms({ ...defaultDraft, aiTrainingAllowed: false, commercialUse: false, derivativesAllowed: false }, zeroAddress, 18);
    expect(result).toEqual({ problem: "Allow at least one use: AI training, commercial use or derivatives." });
  });

  it("refuses a derivative royalty when derivatives are not allowed", () => {
    expect(draftToTerms({ ...defaultDraft, derivativeRoyaltyPct: "5" }, zeroAddress, 18)).toEqual({
      problem: "A derivative royalty only makes sense when derivatives are allowed.",
    });
  });

  it("refuses an amount that is not a number", () => {
    expect(draftToTerms({ ...defaultDraft, upfrontFee: "ten" }, zeroAddress, 18)).toEqual({ problem: "The upfront fee must be an amount such as 10 or 2.5." });
  });
});
