import { formatUnits } from "viem";

/** A token amount for people: thousands separated, at most `decimals` fraction digits shown. */
export function formatAmount(value: bigint, tokenDecimals: number, shownDecimals = 4): string {
  const [whole, fraction = ""] = formatUnits(value, tokenDecimals).split(".");
  const grouped = BigInt(whole.replace("-", "")).toLocaleString("en-US");
  const sign = whole.startsWith("-") ? "-" : "";
  const trimmed = fraction.slice(0, shownDecimals).replace(/0+$/, "");
  return `${sign}${grouped}${trimmed ? `.${trimmed}` : ""}`;
}

/** 0x1234…abcd */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
