import { type Address, type Hex, formatUnits } from "viem";

/**
 * License terms as `LicenseTerms.getTerms` returns them through viem (field for field the on-chain
 * struct; the app's plain-words module uses this same type), and the offers of one work: which terms
 * are attached, and whether they are on sale.
 */
export interface Terms {
  commercialUse: boolean;
  derivativesAllowed: boolean;
  aiTrainingAllowed: boolean;
  attributionRequired: boolean;
  transferable: boolean;
  /** Seconds a license lasts; 0 = never expires. */
  duration: number;
  /** Licenses per IP under these terms; 0 = no cap. */
  maxLicenses: number;
  derivativeRoyaltyBps: number;
  /** SuperToken wei per second a licensee must stream; 0 = none. */
  minStreamRate: bigint;
  upfrontFee: bigint;
  currency: Address;
  /** Price of one metered unit (one file served), in SuperToken wei. */
  pricePerUnit: bigint;
  maxUnpaidUnits: bigint;
  legalTextURI: string;
}

export interface Offer {
  termsId: bigint;
  terms: Terms;
  salesOpen: boolean;
  sold: number;
}

/** What the gateway knows of a registered work: its certificate and its offers. */
export interface Work {
  ipId: bigint;
  creator: Address;
  owner: Address;
  /** SHA-256 of the original, as registered. */
  contentHash: Hex;
  /** Base32 CIDv1 of the original, as registered. */
  cid: string;
  metadataCid: string;
  birthTime: number;
  offers: Offer[];
}

/** Uses a license can grant, in `LicenseToken.Use` order. */
export const uses = ["training", "commercial", "derivative"] as const;
export type Use = (typeof uses)[number];
export const useCode: Record<Use, number> = { training: 0, commercial: 1, derivative: 2 };

export function termsAllow(terms: Terms, use: Use): boolean {
  if (use === "training") return terms.aiTrainingAllowed;
  if (use === "commercial") return terms.commercialUse;
  return terms.derivativesAllowed;
}

export interface Currency {
  superToken: Address;
  symbol: string;
  decimals: number;
}

const SECONDS_PER_30_DAYS = 30n * 24n * 3600n;

/** Terms in plain words, for the 402 answer and the JSON terms document. */
export function describeTerms(terms: Terms, currency: Currency): string {
  const money = (wei: bigint) => `${formatUnits(wei, currency.decimals)} ${currency.symbol}`;
  const grants = [
    terms.aiTrainingAllowed ? "AI training" : undefined,
    terms.commercialUse ? "commercial use" : undefined,
    terms.derivativesAllowed ? "derivatives" : undefined,
  ].filter(Boolean);
  const parts = [`Allows ${grants.join(", ")}.`];
  if (!terms.aiTrainingAllowed) parts.push("No AI training.");
  const costs: string[] = [];
  if (terms.upfrontFee > 0n) costs.push(`${money(terms.upfrontFee)} up front`);
  if (terms.minStreamRate > 0n) costs.push(`a stream of at least ${money(terms.minStreamRate * SECONDS_PER_30_DAYS)} per 30 days`);
  if (terms.pricePerUnit > 0n) costs.push(`${money(terms.pricePerUnit)} per file served`);
  parts.push(costs.length ? `Costs ${costs.join(" plus ")}.` : "Free.");
  parts.push(terms.duration === 0 ? "Never expires." : `Lasts ${Math.round(terms.duration / 86400 * 100) / 100} days.`);
  if (terms.attributionRequired) parts.push("Credit the creator.");
  if (terms.derivativesAllowed && terms.derivativeRoyaltyBps > 0) {
    parts.push(`Derivatives owe ${terms.derivativeRoyaltyBps / 100}% of their income.`);
  }
  if (terms.maxLicenses > 0) parts.push(`At most ${terms.maxLicenses} licenses.`);
  return parts.join(" ");
}
