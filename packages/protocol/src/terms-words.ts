import { formatUnits } from "viem";
import { formatAmount } from "./format";
import type { Currency, Money, Terms } from "./terms";

/**
 * License terms in words: the line-by-line view the app shows, and the one-paragraph summary machine-readable
 * licenses (RSL, the terms JSON, a 402 answer) carry. One module, so the two never disagree on what terms mean.
 */

export const SECONDS_PER_DAY = 86_400;
export const SECONDS_PER_MONTH = 30 * SECONDS_PER_DAY;

/** "12.5 fUSDx" */
export const money = (wei: bigint, m: Money, shown = 4) => `${formatAmount(wei, m.decimals, shown)} ${m.symbol}`;

/** A stream rate for people: per month (30 days), the unit an artist thinks in. */
export const perMonth = (weiPerSecond: bigint, m: Money) =>
  `${money(weiPerSecond * BigInt(SECONDS_PER_MONTH), m, 2)} a month`;

export function durationWords(seconds: number): string {
  if (seconds === 0) return "Never expires";
  const days = seconds / SECONDS_PER_DAY;
  if (days >= 365 && days % 365 === 0) return days === 365 ? "One year" : `${days / 365} years`;
  if (days >= 1) return `${Math.round(days * 100) / 100} days`;
  return `${Math.round(seconds / 36) / 100} hours`;
}

export type TermLine = { label: string; value: string; allowed?: boolean };

/** The terms in plain words, one line per thing a licensee may ask: what am I allowed, what does it cost. */
export function termsInWords(t: Terms, m: Money): TermLine[] {
  const lines: TermLine[] = [
    { label: "AI training", value: t.aiTrainingAllowed ? "Allowed" : "Not allowed", allowed: t.aiTrainingAllowed },
    { label: "Commercial use", value: t.commercialUse ? "Allowed" : "Not allowed", allowed: t.commercialUse },
    {
      label: "Derivatives",
      value: t.derivativesAllowed
        ? t.derivativeRoyaltyBps > 0
          ? `Allowed; a derivative owes ${t.derivativeRoyaltyBps / 100}% of its income to this work`
          : "Allowed"
        : "Not allowed",
      allowed: t.derivativesAllowed,
    },
    { label: "Credit the creator", value: t.attributionRequired ? "Required" : "Not required" },
    { label: "Resale", value: t.transferable ? "The license can be passed on" : "The license stays with its buyer" },
    { label: "Lasts", value: durationWords(t.duration) },
    { label: "Licenses on offer", value: t.maxLicenses === 0 ? "No limit" : `At most ${t.maxLicenses}` },
  ];
  lines.push({ label: "Price", value: priceWords(t, m) });
  return lines;
}

/** What a license costs, in one sentence. */
export function priceWords(t: Terms, m: Money): string {
  const parts: string[] = [];
  if (t.upfrontFee > 0n) parts.push(`${money(t.upfrontFee, m)} once`);
  if (t.minStreamRate > 0n) {
    const prepaid =
      t.minStreamPeriod > 0 ? `, the first ${durationWords(t.minStreamPeriod).toLowerCase()} paid at purchase` : "";
    parts.push(`a stream of at least ${perMonth(t.minStreamRate, m)}${prepaid}`);
  }
  if (t.pricePerUnit > 0n) {
    parts.push(
      `${money(t.pricePerUnit, m)} per file served${t.maxUnpaidUnits > 0n ? ` (settle before ${t.maxUnpaidUnits} unpaid files)` : ""}`,
    );
  }
  return parts.length ? parts.join(" plus ") : "Free";
}

/** A one-line headline of what the terms allow. */
export function termsHeadline(t: Terms): string {
  const uses = [
    t.aiTrainingAllowed && "AI training",
    t.commercialUse && "commercial use",
    t.derivativesAllowed && "derivatives",
  ].filter(Boolean);
  return uses.length ? `Allows ${uses.join(", ")}` : "Allows nothing";
}

const SECONDS_PER_30_DAYS = 30n * 24n * 3600n;

/** Terms in one paragraph, for the 402 answer, RSL and the JSON terms document (amounts in full precision). */
export function describeTerms(terms: Terms, currency: Currency): string {
  const amount = (wei: bigint) => `${formatUnits(wei, currency.decimals)} ${currency.symbol}`;
  const grants = [
    terms.aiTrainingAllowed ? "AI training" : undefined,
    terms.commercialUse ? "commercial use" : undefined,
    terms.derivativesAllowed ? "derivatives" : undefined,
  ].filter(Boolean);
  const parts = [`Allows ${grants.join(", ")}.`];
  if (!terms.aiTrainingAllowed) parts.push("No AI training.");
  const costs: string[] = [];
  if (terms.upfrontFee > 0n) costs.push(`${amount(terms.upfrontFee)} up front`);
  if (terms.minStreamRate > 0n) {
    costs.push(`a stream of at least ${amount(terms.minStreamRate * SECONDS_PER_30_DAYS)} per 30 days`);
    if (terms.minStreamPeriod > 0) {
      costs.push(`${amount(terms.minStreamRate * BigInt(terms.minStreamPeriod))} of it prepaid at purchase`);
    }
  }
  if (terms.pricePerUnit > 0n) costs.push(`${amount(terms.pricePerUnit)} per file served`);
  parts.push(costs.length ? `Costs ${costs.join(" plus ")}.` : "Free.");
  parts.push(
    terms.duration === 0 ? "Never expires." : `Lasts ${Math.round((terms.duration / 86400) * 100) / 100} days.`,
  );
  if (terms.attributionRequired) parts.push("Credit the creator.");
  if (terms.derivativesAllowed && terms.derivativeRoyaltyBps > 0) {
    parts.push(`Derivatives owe ${terms.derivativeRoyaltyBps / 100}% of their income.`);
  }
  if (terms.maxLicenses > 0) parts.push(`At most ${terms.maxLicenses} licenses.`);
  return parts.join(" ");
}
