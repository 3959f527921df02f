import { parseUnits, zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import { defaultDraft, draftToTerms } from "./TermsEditor";

describe("the terms editor turns what a person types into on-chain terms", () => {
  it("converts tokens, days, percent and a monthly stream", () => {
    const result = draftToTerms(
      {
        ...defaultDraft,
        upfrontFee: "42",
        durationDays: "30",
        derivativesAllowed: true,
        derivativeRoyaltyPct: "12.5",
        streamPerMonth: "2592",
      },
      zeroAddress,
      18,
    );
    expect("terms" in result && result.terms).toMatchObject({
      upfrontFee: parseUnits("42", 18),
      duration: 30 * 86_400,
      derivativeRoyaltyBps: 1250,
      minStreamRate: parseUnits("0.001", 18), // 2592 a month is 0.001 a second
      minStreamPeriod: 7 * 86_400,
    });
  });

  it("refuses terms that allow nothing, in words", () => {
    const result = draftToTerms(
      { ...defaultDraft, aiTrainingAllowed: false, commercialUse: false, derivativesAllowed: false },
      zeroAddress,
      18,
    );
    expect(result).toEqual({ problem: "Allow at least one use: AI training, commercial use or derivatives." });
  });

  it("refuses a derivative royalty when derivatives are not allowed", () => {
    expect(draftToTerms({ ...defaultDraft, derivativeRoyaltyPct: "5" }, zeroAddress, 18)).toEqual({
      problem: "A derivative royalty only makes sense when derivatives are allowed.",
    });
  });

  it("refuses an amount that is not a number", () => {
    expect(draftToTerms({ ...defaultDraft, upfrontFee: "ten" }, zeroAddress, 18)).toEqual({
      problem: "The upfront fee must be an amount such as 10 or 2.5.",
    });
  });
});
