import { ponder } from "ponder:registry";
import { license, offer, terms, transfer, work } from "ponder:schema";
import { licenseTermsAbi } from "@ipnft/protocol/abis";
import { zeroAddress } from "viem";
import { refreshCatalogRow } from "./catalog";
import { lower, recordEvent, recordIncome } from "./history";
import { termsRow } from "./LicenseTerms";

const contract = "LicenseToken";

ponder.on("LicenseToken:TermsAttached", async ({ event, context }) => {
  const { ipId, termsId } = event.args;
  let t = await context.db.find(terms, { id: termsId });
  if (!t) {
    // registered before the indexer's start block and not read at setup: read it from the chain now
    const address = context.contracts.LicenseTerms.address;
    const chainTerms = await context.client.readContract({
      abi: licenseTermsAbi,
      address,
      functionName: "getTerms",
      args: [termsId],
    });
    const hash = await context.client.readContract({
      abi: licenseTermsAbi,
      address,
      functionName: "hashTerms",
      args: [chainTerms],
    });
    t = await context.db
      .insert(terms)
      .values(termsRow(termsId, hash, chainTerms, { time: 0n, block: 0n }))
      .onConflictDoNothing();
    t ??= await context.db.find(terms, { id: termsId });
  }
  if (!t) throw new Error(`terms ${termsId} could not be read`);
  await context.db
    .insert(offer)
    .values({
      id: `${ipId}-${termsId}`,
      ipId,
      termsId,
      salesOpen: true,
      sold: 0,
      price: t.price,
      grantsTraining: t.aiTrainingAllowed,
      grantsCommercial: t.commercialUse,
      grantsDerivative: t.derivativesAllowed,
      maxLicenses: t.maxLicenses,
      streamed: t.minStreamRate > 0n,
      metered: t.pricePerUnit > 0n,
      attachedAt: event.block.timestamp,
      attachedBlock: event.block.number,
    })
    .onConflictDoNothing();
  await refreshCatalogRow(context.db, ipId);
  await recordEvent(context.db, event, { ipId, contract, name: "TermsAttached", args: event.args });
});

for (const [name, salesOpen] of [
  ["SalesStopped", false],
  ["SalesResumed", true],
] as const) {
  ponder.on(`LicenseToken:${name}`, async ({ event, context }) => {
    const { ipId, termsId } = event.args;
    await context.db.update(offer, { id: `${ipId}-${termsId}` }).set({ salesOpen });
    await refreshCatalogRow(context.db, ipId);
    await recordEvent(context.db, event, { ipId, contract, name, args: event.args });
  });
}

ponder.on("LicenseToken:LicensePurchased", async ({ event, context }) => {
  const a = event.args;
  const licensee = lower(a.licensee);
  await context.db.insert(license).values({
    id: a.licenseId,
    ipId: a.ipId,
    termsId: a.termsId,
    licensee,
    holder: licensee,
    fee: a.fee,
    start: BigInt(a.start),
    expiry: BigInt(a.expiry),
    state: "active",
    derivativeIpId: null,
    purchasedBlock: event.block.number,
    purchasedTx: event.transaction.hash,
  });
  const id = `${a.ipId}-${a.termsId}`;
  const o = await context.db.find(offer, { id });
  if (o) await context.db.update(offer, { id }).set({ sold: o.sold + 1 });
  await refreshCatalogRow(context.db, a.ipId);
  // the price goes to the IP's pool (its share holders) when shares are enabled, else to its owner
  const w = await context.db.find(work, { id: a.ipId });
  await recordIncome(context.db, event, {
    ipId: a.ipId,
    kind: "licenseFee",
    payer: licensee,
    recipient: w?.pool ?? w?.owner ?? zeroAddress,
    amount: a.fee,
    licenseId: a.licenseId,
  });
  await recordEvent(context.db, event, {
    ipId: a.ipId,
    contract,
    name: "LicensePurchased",
    actor: a.licensee,
    amount: a.fee,
    args: a,
  });
});

ponder.on("LicenseToken:DerivativeLicenseUsed", async ({ event, context }) => {
  const { licenseId, derivativeIpId } = event.args;
  const l = await context.db.find(license, { id: licenseId });
  if (l) await context.db.update(license, { id: licenseId }).set({ state: "usedForDerivative", derivativeIpId });
  await recordEvent(context.db, event, {
    ipId: l?.ipId ?? null,
    contract,
    name: "DerivativeLicenseUsed",
    actor: event.args.licensee,
    args: event.args,
  });
});

ponder.on("LicenseToken:Transfer", async ({ event, context }) => {
  const { from, to, tokenId } = event.args;
  const l = await context.db.find(license, { id: tokenId });
  await context.db.insert(transfer).values({
    id: event.id,
    asset: "license",
    token: lower(event.log.address),
    ipId: l?.ipId ?? null,
    tokenId,
    from: lower(from),
    to: lower(to),
    amount: 1n,
    time: event.block.timestamp,
    block: event.block.number,
    tx: event.transaction.hash,
  });
  // the mint follows LicensePurchased, which already set the holder
  if (from === zeroAddress || !l) return;
  await context.db.update(license, { id: tokenId }).set({ holder: lower(to) });
  await recordEvent(context.db, event, {
    ipId: l.ipId,
    contract,
    name: "LicenseTransferred",
    actor: from,
    args: event.args,
  });
});
