import { ponder } from "ponder:registry";
import { license, usage, work } from "ponder:schema";
import { zeroAddress } from "viem";
import { type Db, type LogRef, lower, recordEvent, recordIncome } from "./history";

const contract = "UsageMeter";

async function usageRow(db: Db, ref: LogRef, licenseId: bigint, licensee: `0x${string}`) {
  const id = `${licenseId}-${lower(licensee)}`;
  const existing = await db.find(usage, { id });
  if (existing) return existing;
  const l = await db.find(license, { id: licenseId });
  const row = await db.insert(usage).values({
    id,
    licenseId,
    ipId: l?.ipId ?? null,
    licensee: lower(licensee),
    reportedUnits: 0n,
    paidUnits: 0n,
    paidAmount: 0n,
    failedPayments: 0,
    lastReportedAt: null,
    lastPaidAt: null,
    updatedBlock: ref.block.number,
  });
  return row;
}

ponder.on("UsageMeter:UsageReported", async ({ event, context }) => {
  const { licenseId, licensee, cumulativeUnits } = event.args;
  const row = await usageRow(context.db, event, licenseId, licensee);
  await context.db.update(usage, { id: row.id }).set({
    reportedUnits: cumulativeUnits,
    lastReportedAt: event.block.timestamp,
    updatedBlock: event.block.number,
  });
  await recordEvent(context.db, event, {
    ipId: row.ipId,
    contract,
    name: "UsageReported",
    actor: licensee,
    amount: cumulativeUnits,
    args: event.args,
  });
});

ponder.on("UsageMeter:UsagePaid", async ({ event, context }) => {
  const { licenseId, ipId, licensee, units, amount } = event.args;
  const row = await usageRow(context.db, event, licenseId, licensee);
  await context.db.update(usage, { id: row.id }).set({
    ipId,
    paidUnits: row.paidUnits + units,
    paidAmount: row.paidAmount + amount,
    lastPaidAt: event.block.timestamp,
    updatedBlock: event.block.number,
  });
  const w = await context.db.find(work, { id: ipId });
  await recordIncome(context.db, event, {
    ipId,
    kind: "usage",
    payer: licensee,
    recipient: w?.pool ?? w?.owner ?? zeroAddress,
    amount,
    licenseId,
  });
  await recordEvent(context.db, event, {
    ipId,
    contract,
    name: "UsagePaid",
    actor: licensee,
    amount,
    args: event.args,
  });
});

ponder.on("UsageMeter:UsagePaymentFailed", async ({ event, context }) => {
  const { licenseId, licensee } = event.args;
  const row = await usageRow(context.db, event, licenseId, licensee);
  await context.db.update(usage, { id: row.id }).set({
    failedPayments: row.failedPayments + 1,
    updatedBlock: event.block.number,
  });
  await recordEvent(context.db, event, {
    ipId: row.ipId,
    contract,
    name: "UsagePaymentFailed",
    actor: licensee,
    args: event.args,
  });
});

ponder.on("UsageMeter:SettleSkipped", async ({ event, context }) => {
  const l = await context.db.find(license, { id: event.args.licenseId });
  await recordEvent(context.db, event, {
    ipId: l?.ipId ?? null,
    contract,
    name: "SettleSkipped",
    actor: event.args.licensee,
    args: event.args,
  });
});
