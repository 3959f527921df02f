import "server-only";
import { accrueDataset, memberFlowRate, memberIncome } from "@ipnft/indexer/dataset-income";
import { asc, desc, eq, inArray } from "ponder";
import type { Address } from "viem";
import { db, schema } from "./client";

/**
 * Datasets as the indexer holds them: each with its curator, share and pool flow, each member's weight and income.
 * A member's income is derived at `now` (chain seconds) from the dataset's income per unit (see the indexer's
 * dataset-income.ts), with its flow rate, so the page ticks it live from one read.
 */
const { dataset, datasetMember, work } = schema;

/** The most rows a dataset list or member table holds. */
export const DATASET_LIMIT = 200;

type DatasetRow = typeof dataset.$inferSelect;
type MemberRow = typeof datasetMember.$inferSelect;

export interface DatasetSummary {
  id: bigint;
  title: string | null;
  curator: Address;
  curatorBps: number;
  memberCount: number;
  totalWeight: bigint;
  poolFlowRate: bigint;
  /** Everything paid in up to `now`, and growing at `poolFlowRate`. */
  totalIncome: bigint;
}

export interface MemberIncome {
  datasetId: bigint;
  memberIpId: bigint;
  title: string | null;
  creator: Address | null;
  weight: bigint;
  active: boolean;
  /** Earned from the dataset up to `now`, and growing at `flowRate` per second. */
  income: bigint;
  flowRate: bigint;
}

function summary(row: DatasetRow, title: string | null, now: bigint): DatasetSummary {
  const at = accrueDataset(row, now);
  return {
    id: row.id,
    title,
    curator: row.curator as Address,
    curatorBps: row.curatorBps,
    memberCount: row.memberCount,
    totalWeight: row.totalWeight,
    poolFlowRate: row.poolFlowRate,
    totalIncome: at.totalIncome,
  };
}

function income(d: DatasetRow, m: MemberRow, now: bigint, w?: { title: string | null; creator: string }): MemberIncome {
  const at = accrueDataset(d, now);
  return {
    datasetId: d.id,
    memberIpId: m.memberIpId,
    title: w?.title ?? null,
    creator: (w?.creator as Address) ?? null,
    weight: m.weight,
    active: m.active,
    income: memberIncome(m, at.incomePerUnit),
    flowRate: m.active ? memberFlowRate(m, d) : 0n,
  };
}

/** Every opened dataset, newest first. */
export async function datasetList(now: bigint): Promise<DatasetSummary[]> {
  const rows = await db
    .select({ d: dataset, title: work.title })
    .from(dataset)
    .leftJoin(work, eq(work.id, dataset.id))
    .orderBy(desc(dataset.openedBlock))
    .limit(DATASET_LIMIT);
  return rows.map((r) => summary(r.d, r.title, now));
}

/** One dataset and its members (active first, heaviest first), or undefined when it was never opened. */
export async function datasetWithMembers(id: bigint, now: bigint) {
  const [found] = await db.select().from(dataset).where(eq(dataset.id, id)).limit(1);
  if (!found) return undefined;
  const rows = await db
    .select({ m: datasetMember, title: work.title, creator: work.creator })
    .from(datasetMember)
    .leftJoin(work, eq(work.id, datasetMember.memberIpId))
    .where(eq(datasetMember.datasetId, id))
    .orderBy(desc(datasetMember.active), desc(datasetMember.weight), asc(datasetMember.memberIpId))
    .limit(DATASET_LIMIT);
  const [{ title = null } = {}] = await db.select({ title: work.title }).from(work).where(eq(work.id, id)).limit(1);
  return {
    dataset: summary(found, title, now),
    members: rows.map((r) => income(found, r.m, now, r.creator ? { title: r.title, creator: r.creator } : undefined)),
  };
}

/**
 * The datasets each of `ipIds` is (or was) in, with the income it has from each. Three plain queries, not one join:
 * the SQL over HTTP hands rows back keyed by column name, so two tables' `id` columns in one row would collide.
 */
export async function datasetIncomeOf(ipIds: readonly bigint[], now: bigint): Promise<MemberIncome[]> {
  if (ipIds.length === 0) return [];
  const places = await db
    .select()
    .from(datasetMember)
    .where(inArray(datasetMember.memberIpId, [...ipIds]))
    .limit(DATASET_LIMIT);
  const ids = [...new Set(places.map((m) => m.datasetId))];
  if (ids.length === 0) return [];
  const [datasets, titles] = await Promise.all([
    db.select().from(dataset).where(inArray(dataset.id, ids)),
    db.select({ id: work.id, title: work.title, creator: work.creator }).from(work).where(inArray(work.id, ids)),
  ]);
  return places.flatMap((m) => {
    const d = datasets.find((row) => row.id === m.datasetId);
    const w = titles.find((row) => row.id === m.datasetId);
    // The title here is the dataset's: a work page lists the datasets it is in.
    return d ? [income(d, m, now, w && { title: w.title, creator: w.creator })] : [];
  });
}

/** Dataset income of every work `creator` registered: the dashboard's figure. */
export async function datasetIncomeOfCreator(creator: Address, now: bigint): Promise<MemberIncome[]> {
  const works = await db
    .select({ id: work.id })
    .from(work)
    .where(eq(work.creator, creator.toLowerCase() as Address))
    .limit(1000);
  return datasetIncomeOf(
    works.map((w) => w.id),
    now,
  );
}
