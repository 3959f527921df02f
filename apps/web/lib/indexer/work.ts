import "server-only";
import { and, count, desc, eq, gt, inArray } from "ponder";
import type { Address } from "viem";
import { db, schema } from "./client";
import type { HistoryRow } from "./history";
import { incomePayments, runningFlows } from "./income";
import type { Flow, Payment } from "./series";

const { event, income, shareHolding, stream } = schema;

/** The most history rows a work page shows (the newest); the rest is counted, not sent. */
export const HISTORY_LIMIT = 100;
/** The most income rows a chart sums; older ones are left out of the chart (and the chart says how many it drew). */
export const INCOME_LIMIT = 5_000;
/** The most holders a work page lists (the largest). */
export const HOLDERS_LIMIT = 50;

/** A work's history, oldest first: the latest HISTORY_LIMIT rows and how many there are in all. */
export async function workHistory(ipId: bigint): Promise<{ rows: HistoryRow[]; total: number }> {
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: event.id,
        name: event.name,
        actor: event.actor,
        amount: event.amount,
        data: event.data,
        time: event.time,
        block: event.block,
        tx: event.tx,
      })
      .from(event)
      .where(eq(event.ipId, ipId))
      .orderBy(desc(event.block), desc(event.logIndex))
      .limit(HISTORY_LIMIT),
    db.select({ total: count() }).from(event).where(eq(event.ipId, ipId)),
  ]);
  return { rows: rows.reverse(), total: Number(total) };
}

/** What a work earned, as chart inputs: fees, usage and finished stream periods, plus its streams still flowing. */
export async function workIncome(ipId: bigint): Promise<{ payments: Payment[]; flows: Flow[] }> {
  const [rows, streams] = await Promise.all([
    db
      .select({ kind: income.kind, amount: income.amount, time: income.time })
      .from(income)
      .where(and(eq(income.ipId, ipId), inArray(income.kind, ["licenseFee", "usage", "stream"])))
      .orderBy(desc(income.time))
      .limit(INCOME_LIMIT),
    db
      .select({ flowRate: stream.flowRate, updatedAt: stream.updatedAt })
      .from(stream)
      .where(and(eq(stream.ipId, ipId), gt(stream.flowRate, 0n))),
  ]);
  return { payments: incomePayments(rows), flows: runningFlows(streams) };
}

/** Who holds a work's shares, most first (the largest HOLDERS_LIMIT). */
export async function workHolders(ipId: bigint): Promise<Array<[Address, bigint]>> {
  const rows = await db
    .select({ holder: shareHolding.holder, balance: shareHolding.balance })
    .from(shareHolding)
    .where(and(eq(shareHolding.ipId, ipId), gt(shareHolding.balance, 0n)))
    .orderBy(desc(shareHolding.balance), shareHolding.holder)
    .limit(HOLDERS_LIMIT);
  return rows.map((r) => [r.holder as Address, r.balance]);
}
