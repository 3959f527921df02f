import { describe, expect, it } from "vitest";
import { formatAmount, shortAddress } from "./format";

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

describe("shortAddress", () => {
  it("keeps the first 6 and last 4 characters", () => {
    expect(shortAddress("0x1234567890abcdef1234567890abcdef12345678")).toBe("0x1234…5678");
  });
});
