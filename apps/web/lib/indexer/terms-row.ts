import type * as schema from "@ipnft/indexer/schema";
import type { Terms } from "@ipnft/protocol/terms";
import type { Address } from "viem";

/** The indexer's terms row as the protocol's `Terms` (the shape `LicenseTerms.getTerms` returns through viem). */
export function termsFromRow(row: typeof schema.terms.$inferSelect): Terms {
  return {
    commercialUse: row.commercialUse,
    derivativesAllowed: row.derivativesAllowed,
    aiTrainingAllowed: row.aiTrainingAllowed,
    attributionRequired: row.attributionRequired,
    transferable: row.transferable,
    duration: Number(row.duration),
    maxLicenses: row.maxLicenses,
    derivativeRoyaltyBps: row.derivativeRoyaltyBps,
    minStreamRate: row.minStreamRate,
    minStreamPeriod: Number(row.minStreamPeriod),
    upfrontFee: row.upfrontFee,
    currency: row.currency as Address,
    pricePerUnit: row.pricePerUnit,
    maxUnpaidUnits: row.maxUnpaidUnits,
    legalTextURI: row.legalTextURI,
  };
}
