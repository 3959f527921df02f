import type { Address, ContractFunctionReturnType } from "viem";
import type { licenseTermsAbi } from "./generated/abis";

/**
 * License terms exactly as `LicenseTerms.getTerms` returns them through viem: derived from the generated ABI, so a
 * field added on chain reaches every reader (the app, the gateway, the clients) as a type error, not a silent gap.
 */
export type Terms = ContractFunctionReturnType<typeof licenseTermsAbi, "view", "getTerms">;

/** The uses a license can be checked for, in `LicenseToken.Use` order. */
export const uses = ["training", "commercial", "derivative"] as const;
export type Use = (typeof uses)[number];

/** A use as the contracts number it (`hasAccess(ipId, account, use)`). */
export const useCode: Record<Use, 0 | 1 | 2> = { training: 0, commercial: 1, derivative: 2 };

/** A use in words, for people. */
export const useWords: Record<Use, string> = {
  training: "AI training",
  commercial: "Commercial use",
  derivative: "Derivatives",
};

export const isUse = (value: string): value is Use => (uses as readonly string[]).includes(value);

/** Whether terms grant a use. */
export function termsAllow(terms: Terms, use: Use): boolean {
  if (use === "training") return terms.aiTrainingAllowed;
  if (use === "commercial") return terms.commercialUse;
  return terms.derivativesAllowed;
}

/**
 * What buying a license under these terms costs at purchase: the upfront fee plus, for streamed terms, the minimum
 * stream prepaid for the terms' minimum period (`LicenseToken.buyLicense` takes exactly this; pass it as `maxFee`).
 */
export function licensePrice(terms: Pick<Terms, "upfrontFee" | "minStreamRate" | "minStreamPeriod">): bigint {
  return terms.upfrontFee + terms.minStreamRate * BigInt(terms.minStreamPeriod);
}

/** One offer of a work: terms attached to it, and whether licenses under them are on sale. */
export interface Offer {
  termsId: bigint;
  terms: Terms;
  salesOpen: boolean;
  sold: number;
}

/** The currency as people read amounts of it. */
export interface Money {
  symbol: string;
  decimals: number;
}

/** The currency's SuperToken, as the gateway names it in machine-readable licenses. */
export interface Currency extends Money {
  superToken: Address;
}
