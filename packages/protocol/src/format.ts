import { formatUnits, parseUnits } from "viem";

/**
 * A whole number with its thousands separated by commas: 1234567 → "1,234,567". Written out rather than
 * `toLocaleString("en-US")`, whose first call in a browser loads ICU's number formatting: on a throttled phone that
 * alone is a long task inside hydration (about 80 ms on the work page at Lighthouse's 4× slowdown).
 */
export function groupDigits(value: bigint | number): string {
  const text = typeof value === "number" ? Math.trunc(value).toString() : value.toString();
  const sign = text.startsWith("-") ? "-" : "";
  return sign + text.slice(sign.length).replace(/\B(?=(\d{3})+$)/g, ",");
}

/** A token amount for people: thousands separated, at most `decimals` fraction digits shown. */
export function formatAmount(value: bigint, tokenDecimals: number, shownDecimals = 4): string {
  const [whole, fraction = ""] = formatUnits(value, tokenDecimals).split(".");
  const grouped = groupDigits(BigInt(whole.replace("-", "")));
  const sign = whole.startsWith("-") ? "-" : "";
  const trimmed = fraction.slice(0, shownDecimals).replace(/0+$/, "");
  return `${sign}${grouped}${trimmed ? `.${trimmed}` : ""}`;
}

/** 0x1234…abcd */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** The decimals of the payment currency: the stablecoin's (`underlyingDecimals`) and its SuperToken's (`decimals`). */
export interface CurrencyDecimals {
  decimals: number;
  underlyingDecimals: number;
}

/** 10^|decimals - underlyingDecimals|: how far apart the two tokens' units are. */
const gap = (c: CurrencyDecimals) => 10n ** BigInt(Math.abs(c.decimals - c.underlyingDecimals));

/** A stablecoin amount (e.g. 6-decimal USDC units) as the SuperToken amount wrapping it gives (18 decimals). */
export function toSuperTokenAmount(c: CurrencyDecimals, underlyingAmount: bigint): bigint {
  return c.underlyingDecimals <= c.decimals ? underlyingAmount * gap(c) : underlyingAmount / gap(c);
}

/**
 * The stablecoin a SuperToken amount unwraps to, rounded down as the SuperToken itself rounds (the remainder, below
 * one stablecoin unit, stays wrapped). `roundUp` gives instead the stablecoin needed to wrap at least that amount.
 */
export function toUnderlyingAmount(c: CurrencyDecimals, superTokenAmount: bigint, roundUp = false): bigint {
  if (c.underlyingDecimals > c.decimals) return superTokenAmount * gap(c);
  const s = gap(c);
  return roundUp ? (superTokenAmount + s - 1n) / s : superTokenAmount / s;
}

/** A stablecoin amount for people ("1,234.5"), in its own decimals. */
export const formatUnderlying = (c: CurrencyDecimals, amount: bigint, shown = 4) =>
  formatAmount(amount, c.underlyingDecimals, shown);

/** A SuperToken amount for people ("1,234.5"), in its 18 decimals. */
export const formatSuperToken = (c: CurrencyDecimals, amount: bigint, shown = 4) =>
  formatAmount(amount, c.decimals, shown);

/**
 * What a person typed ("12.5") as a stablecoin amount in its smallest unit; throws a readable error for anything
 * that is not a plain decimal number or has more fraction digits than the stablecoin has (USDC: 6).
 */
export function parseUnderlying(c: CurrencyDecimals, text: string): bigint {
  return parseDecimal(text, c.underlyingDecimals);
}

/** What a person typed as a SuperToken amount (18 decimals); throws a readable error as {@link parseUnderlying}. */
export function parseSuperToken(c: CurrencyDecimals, text: string): bigint {
  return parseDecimal(text, c.decimals);
}

function parseDecimal(text: string, decimals: number): bigint {
  const trimmed = text.trim().replaceAll(",", "");
  const match = /^(\d+)(?:\.(\d*))?$/.exec(trimmed);
  if (!match) throw new Error(`"${text}" is not an amount: write a number such as 100 or 12.5`);
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > decimals) throw new Error(`at most ${decimals} digits after the decimal point`);
  return parseUnits(`${match[1]}.${fraction || "0"}`, decimals);
}
