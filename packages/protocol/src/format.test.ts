import { describe, expect, it } from "vitest";
import {
  formatAmount,
  formatSuperToken,
  formatUnderlying,
  groupDigits,
  parseSuperToken,
  parseUnderlying,
  shortAddress,
  toSuperTokenAmount,
  toUnderlyingAmount,
} from "./format";

describe("formatAmount", () => {
  it("groups thousands and trims trailing zeros", () => {
    expect(formatAmount(1_234_500_000_000_000_000_000n, 18)).toBe("1,234.5");
  });

  it("shows at most the requested number of fraction digits, truncating", () => {
    expect(formatAmount(1_999_999_999_999_999_999n, 18, 2)).toBe("1.99");
  });

  it("formats whole numbers without a decimal point", () => {
    expect(formatAmount(500n * 10n ** 18n, 18)).toBe("500");
  });

  it("keeps the sign of a negative amount", () => {
    expect(formatAmount(-1_500_000n, 6)).toBe("-1.5");
  });
});

describe("groupDigits", () => {
  it("separates thousands as en-US does, for bigints and numbers, signs kept", () => {
    const samples = [0n, 7n, 999n, 1_000n, 12_345n, 999_999n, 1_000_000n, 123_456_789_012_345_678_901n, -1_234_567n];
    for (const n of samples) {
      expect(groupDigits(n)).toBe(n.toLocaleString("en-US"));
      if (n < 2n ** 53n) expect(groupDigits(Number(n))).toBe(Number(n).toLocaleString("en-US"));
    }
  });

  it("drops the fraction of a number instead of rounding it", () => {
    expect(groupDigits(1234.99)).toBe("1,234");
  });
});

describe("shortAddress", () => {
  it("keeps the first 6 and last 4 characters", () => {
    expect(shortAddress("0x1234567890abcdef1234567890abcdef12345678")).toBe("0x1234…5678");
  });
});

describe("stablecoin and SuperToken amounts (USDC: 6 decimals, USDCx: 18)", () => {
  const usdc = { decimals: 18, underlyingDecimals: 6 };

  it("wrapping 1.5 USDC gives 1.5 USDCx in 18 decimals", () => {
    expect(toSuperTokenAmount(usdc, 1_500_000n)).toBe(1_500_000_000_000_000_000n);
  });

  it("unwrapping rounds down to whole stablecoin units, as the SuperToken does", () => {
    expect(toUnderlyingAmount(usdc, 1_500_000_999_999_999_999n)).toBe(1_500_000n);
  });

  it("rounds up when asked how much stablecoin wraps to at least an amount", () => {
    expect(toUnderlyingAmount(usdc, 1_500_000_000_000_000_001n, true)).toBe(1_500_001n);
    expect(toUnderlyingAmount(usdc, 1_500_000_000_000_000_000n, true)).toBe(1_500_000n);
  });

  it("formats each in its own decimals", () => {
    expect(formatUnderlying(usdc, 1_234_500_000n)).toBe("1,234.5");
    expect(formatSuperToken(usdc, 1_234_500_000_000_000_000_000n)).toBe("1,234.5");
  });

  it("parses what a person types in each token's decimals", () => {
    expect(parseUnderlying(usdc, " 12.5 ")).toBe(12_500_000n);
    expect(parseSuperToken(usdc, "1,000")).toBe(10n ** 21n);
  });

  it("refuses more fraction digits than the stablecoin has, and non-numbers, with a readable reason", () => {
    expect(() => parseUnderlying(usdc, "0.0000001")).toThrow("at most 6 digits after the decimal point");
    expect(() => parseUnderlying(usdc, "-5")).toThrow("is not an amount");
    expect(() => parseUnderlying(usdc, "1e6")).toThrow("is not an amount");
  });

  it("converts a stablecoin with more decimals than its SuperToken the other way round", () => {
    const fine = { decimals: 18, underlyingDecimals: 20 };
    expect(toSuperTokenAmount(fine, 345n)).toBe(3n);
    expect(toUnderlyingAmount(fine, 3n)).toBe(300n);
  });
});
