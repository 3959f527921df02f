import { ponder } from "ponder:registry";
import { terms } from "ponder:schema";
import { licenseTermsAbi } from "@ipnft/protocol/abis";
import { licensePrice, type Terms } from "@ipnft/protocol/terms";
import { lower } from "./history";

/** A terms row from the terms as the chain holds them. */
export function termsRow(id: bigint, termsHash: `0x${string}`, t: Terms, at: { time: bigint; block: bigint }) {
  return {
    id,
    termsHash,
    commercialUse: t.commercialUse,
    derivativesAllowed: t.derivativesAllowed,
    aiTrainingAllowed: t.aiTrainingAllowed,
    attributionRequired: t.attributionRequired,
    transferable: t.transferable,
    duration: BigInt(t.duration),
    maxLicenses: t.maxLicenses,
    derivativeRoyaltyBps: t.derivativeRoyaltyBps,
    minStreamRate: t.minStreamRate,
    minStreamPeriod: BigInt(t.minStreamPeriod),
    upfrontFee: t.upfrontFee,
    currency: lower(t.currency),
    pricePerUnit: t.pricePerUnit,
    maxUnpaidUnits: t.maxUnpaidUnits,
    legalTextURI: t.legalTextURI,
    price: licensePrice(t),
    registeredAt: at.time,
    registeredBlock: at.block,
  };
}

/**
 * The presets are registered by LicenseTerms' constructor, before the deployment's start block: read them (and any
 * other terms registered before it) from the chain once, at the start block.
 */
ponder.on("LicenseTerms:setup", async ({ context }) => {
  const address = context.contracts.LicenseTerms.address;
  const [count, [names, ids]] = await Promise.all([
    context.client.readContract({ abi: licenseTermsAbi, address, functionName: "termsCount" }),
    context.client.readContract({ abi: licenseTermsAbi, address, functionName: "presets" }),
  ]);
  // a handful of terms: read them all at once rather than one round trip after another
  const all = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  const rows = await Promise.all(
    all.map(async (id) => {
      const t = await context.client.readContract({
        abi: licenseTermsAbi,
        address,
        functionName: "getTerms",
        args: [id],
      });
      const hash = await context.client.readContract({
        abi: licenseTermsAbi,
        address,
        functionName: "hashTerms",
        args: [t],
      });
      const preset = ids.indexOf(id);
      return { ...termsRow(id, hash, t, { time: 0n, block: 0n }), presetName: preset >= 0 ? names[preset] : null };
    }),
  );
  for (const row of rows) await context.db.insert(terms).values(row).onConflictDoNothing();
});

ponder.on("LicenseTerms:TermsRegistered", async ({ event, context }) => {
  const { termsId, termsHash } = event.args;
  await context.db
    .insert(terms)
    .values(termsRow(termsId, termsHash, event.args.terms, { time: event.block.timestamp, block: event.block.number }))
    .onConflictDoNothing();
});

ponder.on("LicenseTerms:PresetRegistered", async ({ event, context }) => {
  await context.db.update(terms, { id: event.args.termsId }).set({ presetName: event.args.name });
});
