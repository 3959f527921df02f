import { ponder } from "ponder:registry";
import { dataset, datasetMember, datasetPool } from "ponder:schema";
import { accrueDataset, distributeInstant, memberIncome } from "../dataset-income";
import { type Db, type LogRef, lower, recordEvent } from "./history";

const contract = "Datasets";
const memberId = (datasetId: bigint, ipId: bigint) => `${datasetId}-${ipId}`;

/** Carries the dataset's income per unit forward to this block before anything about its units or flow changes. */
async function accrued(db: Db, ref: LogRef, datasetId: bigint) {
  const row = await db.find(dataset, { id: datasetId });
  if (!row) return undefined;
  const next = accrueDataset(row, ref.block.timestamp);
  await db.update(dataset, { id: datasetId }).set(next);
  return next;
}

ponder.on("Datasets:DatasetOpened", async ({ event, context }) => {
  const { datasetId, curator, pool, curatorBps, unitsPerWeight } = event.args;
  await context.db
    .insert(dataset)
    .values({
      id: datasetId,
      curator: lower(curator),
      pool: lower(pool),
      curatorBps: Number(curatorBps),
      unitsPerWeight,
      memberCount: 0,
      totalWeight: 0n,
      memberUnits: 0n,
      curatorUnits: 0n,
      commitment: "0x0000000000000000000000000000000000000000000000000000000000000000",
      poolFlowRate: 0n,
      incomePerUnit: 0n,
      totalIncome: 0n,
      accruedAt: event.block.timestamp,
      openedAt: event.block.timestamp,
      openedBlock: event.block.number,
    })
    .onConflictDoNothing();
  await context.db
    .insert(datasetPool)
    .values({ id: lower(pool), datasetId })
    .onConflictDoNothing();
  await recordEvent(context.db, event, {
    ipId: datasetId,
    contract,
    name: "DatasetOpened",
    actor: curator,
    args: event.args,
  });
});

ponder.on("Datasets:MemberAdded", async ({ event, context }) => {
  const { datasetId, memberIpId, payee, weight, contentCid, licenseId, commitment } = event.args;
  const d = await accrued(context.db, event, datasetId);
  if (!d) return;
  const units = BigInt(weight) * d.unitsPerWeight;
  const id = memberId(datasetId, memberIpId);
  const existing = await context.db.find(datasetMember, { id });
  const row = {
    payee: lower(payee),
    weight: BigInt(weight),
    units,
    active: true,
    contentCid,
    consentLicenseId: licenseId === 0n ? null : licenseId,
    addedAt: event.block.timestamp,
    addedBlock: event.block.number,
    removedAt: null,
    removedBlock: null,
    // A member added again keeps what it earned before, and starts accruing from now.
    incomeAtSync: existing ? memberIncome(existing, d.incomePerUnit) : 0n,
    incomePerUnitAtSync: d.incomePerUnit,
  };
  if (existing) await context.db.update(datasetMember, { id }).set(row);
  else await context.db.insert(datasetMember).values({ id, datasetId, memberIpId, ...row });
  await context.db.update(dataset, { id: datasetId }).set({
    memberCount: d.memberCount + 1,
    totalWeight: d.totalWeight + BigInt(weight),
    memberUnits: d.memberUnits + units,
    commitment,
  });
  await recordEvent(context.db, event, { ipId: memberIpId, contract, name: "AddedToDataset", args: event.args });
});

ponder.on("Datasets:MemberRemoved", async ({ event, context }) => {
  const { datasetId, memberIpId, commitment } = event.args;
  const d = await accrued(context.db, event, datasetId);
  const id = memberId(datasetId, memberIpId);
  const m = await context.db.find(datasetMember, { id });
  if (!d || !m) return;
  await context.db.update(datasetMember, { id }).set({
    active: false,
    units: 0n,
    removedAt: event.block.timestamp,
    removedBlock: event.block.number,
    incomeAtSync: memberIncome(m, d.incomePerUnit),
    incomePerUnitAtSync: d.incomePerUnit,
  });
  await context.db.update(dataset, { id: datasetId }).set({
    memberCount: d.memberCount - 1,
    totalWeight: d.totalWeight - m.weight,
    memberUnits: d.memberUnits - m.units,
    commitment,
  });
  await recordEvent(context.db, event, { ipId: memberIpId, contract, name: "RemovedFromDataset", args: event.args });
});

ponder.on("Datasets:CuratorUnitsUpdated", async ({ event, context }) => {
  const { datasetId, units } = event.args;
  if (!(await accrued(context.db, event, datasetId))) return;
  await context.db.update(dataset, { id: datasetId }).set({ curatorUnits: units });
});

ponder.on("Datasets:CuratorChanged", async ({ event, context }) => {
  const { datasetId, curator } = event.args;
  if (!(await context.db.find(dataset, { id: datasetId }))) return;
  await context.db.update(dataset, { id: datasetId }).set({ curator: lower(curator) });
});

/**
 * The GDA on a dataset's pool (called by the GeneralDistributionAgreement handlers for pools that are not a share
 * token's): a stream into the dataset changed, or an instant payment was distributed. Returns whether it was one.
 */
export async function datasetPoolDistribution(
  db: Db,
  ref: LogRef,
  change: { pool: `0x${string}`; newTotalFlowRate?: bigint; instantAmount?: bigint },
): Promise<boolean> {
  const link = await db.find(datasetPool, { id: lower(change.pool) });
  const row = link && (await db.find(dataset, { id: link.datasetId }));
  if (!row) return false;
  let next = accrueDataset(row, ref.block.timestamp);
  if (change.instantAmount !== undefined) next = distributeInstant(next, change.instantAmount);
  if (change.newTotalFlowRate !== undefined) next = { ...next, poolFlowRate: change.newTotalFlowRate };
  await db.update(dataset, { id: row.id }).set(next);
  return true;
}
