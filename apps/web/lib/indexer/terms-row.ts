import type * as schema from "@ipnft/indexer/schema";
import type { Terms } from "@ipnft/protocol/terms";
import type { Address } from "viem";

/**
 * The terms columns a page reads, by name, and never `id`: Ponder's SQL over HTTP returns each row as a JSON object
 * keyed by column name, so two tables' `id`s (or any shared name) in one select would overwrite each other.
 */
export function termsColumns(t: typeof schema.terms) {
  return {
    commercialUse: t.commercialUse,
    derivativesAllowed: t.derivativesAllowed,
    aiTrainingAllowed: t.aiTrainingAllowed,
    attributionRequired: t.attributionRequired,
    transferable: t.transferable,
    duration: t.duration,
    maxLicenses: t.maxLicenses,
    derivativeRoyaltyBps: t.derivativeRoyaltyBps,
    minStreamRate: t.minStreamRate,
    minStreamPeriod: t.minStreamPeriod,
    upfrontFee: t.upfrontFee,
    currency: t.currency,
    pricePerUnit: t.pricePerUnit,
    maxUnpaidUnits: t.maxUnpaidUnits,
    legalTextURI: t.legalTextURI,
  };
}

type TermsRow = Pick<typeof schema.terms.$inferSelect, keyof ReturnType<typeof termsColumns>>;

/** The indexer's terms row as the protocol's `Terms` (the shape `LicenseTerms.getTerms` returns through viem). */
export function termsFromRow(row: TermsRow): Terms {
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
