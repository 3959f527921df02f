import "server-only";
import type { Terms } from "@ipnft/protocol/terms";
import { and, asc, desc, eq, gt, inArray, sum } from "ponder";
import type { Address } from "viem";
import { db, schema } from "./client";
import { holderPayments, incomePayments, runningFlows } from "./income";
import type { Flow, Payment } from "./series";
import { termsColumns, termsFromRow } from "./terms-row";
import { INCOME_LIMIT } from "./work";

/**
 * What the dashboards list, per account, from the indexer: the licenses it holds, the works it created, the shares it
 * holds, and the money behind its charts. Each list is bounded; live balances and access stay chain reads.
 */
const { license, terms, usage, work, income, shareToken, shareHolding, holderIncome, stream } = schema;

/** The most rows one dashboard list holds. */
export const LIST_LIMIT = 100;

const lower = (a: Address) => a.toLowerCase() as Address;
const earnings = ["licenseFee", "usage", "stream"];

export interface HeldLicense {
  licenseId: bigint;
  ipId: bigint;
  /** The licensed work's title, when its metadata was readable. */
  title: string | null;
  termsId: bigint;
  terms: Terms;
  start: number;
  expiry: number;
  fee: bigint;
  usagePaid: bigint;
}

/** The licenses `account` holds now, oldest first, with their terms, price paid and metered usage paid. */
export async function licensesHeldBy(account: Address): Promise<HeldLicense[]> {
  const rows = await db
    .select({
      licenseId: license.id,
      ipId: license.ipId,
      termsId: license.termsId,
      start: license.start,
      expiry: license.expiry,
      fee: license.fee,
      title: work.title,
      terms: termsColumns(terms),
    })
    .from(license)
    .innerJoin(terms, eq(terms.id, license.termsId))
    .innerJoin(work, eq(work.id, license.ipId))
    .where(eq(license.holder, lower(account)))
    .orderBy(asc(license.id))
    .limit(LIST_LIMIT);
  const ids = rows.map((r) => r.licenseId);
  const paid = ids.length
    ? await db
        .select({ licenseId: usage.licenseId, paid: sum(usage.paidAmount) })
        .from(usage)
        .where(inArray(usage.licenseId, ids))
        .groupBy(usage.licenseId)
    : [];
  const paidBy = new Map(paid.map((p) => [p.licenseId, BigInt(p.paid ?? 0)]));
  return rows.map((l) => ({
    ...l,
    terms: termsFromRow(l.terms),
    start: Number(l.start),
    expiry: Number(l.expiry),
    usagePaid: paidBy.get(l.licenseId) ?? 0n,
  }));
}

/** What `account` spent on licenses: fees, metered usage and streams (finished periods, and those flowing now). */
export async function spendOf(account: Address): Promise<{ payments: Payment[]; flows: Flow[] }> {
  const [rows, streams] = await Promise.all([
    db
      .select({ kind: income.kind, amount: income.amount, time: income.time })
      .from(income)
      .where(and(eq(income.payer, lower(account)), inArray(income.kind, earnings)))
      .orderBy(desc(income.time))
      .limit(INCOME_LIMIT),
    db
      .select({ flowRate: stream.flowRate, updatedAt: stream.updatedAt })
      .from(stream)
      .where(and(eq(stream.distributor, lower(account)), gt(stream.flowRate, 0n))),
  ]);
  return { payments: incomePayments(rows), flows: runningFlows(streams) };
}

export interface CreatedWorkRow {
  ipId: bigint;
  title: string | null;
  licensesSold: number;
  fees: bigint;
  /** Set once shares are enabled. */
  shareToken: Address | null;
  saleAvailable: bigint;
  salePrice: bigint;
  sharesKept: bigint;
}

/** The works `account` registered, newest first, with licenses sold, fees earned and the shares it keeps and sells. */
export async function worksCreatedBy(account: Address): Promise<CreatedWorkRow[]> {
  const works = await db
    .select({ ipId: work.id, title: work.title, licensesSold: work.licensesSold, shareToken: work.shareToken })
    .from(work)
    .where(eq(work.creator, lower(account)))
    .orderBy(desc(work.id))
    .limit(LIST_LIMIT);
  const ids = works.map((w) => w.ipId);
  if (ids.length === 0) return [];
  const [fees, tokens, kept] = await Promise.all([
    db
      .select({ ipId: income.ipId, fees: sum(income.amount) })
      .from(income)
      .where(and(inArray(income.ipId, ids), eq(income.kind, "licenseFee")))
      .groupBy(income.ipId),
    db.select().from(shareToken).where(inArray(shareToken.ipId, ids)),
    db
      .select({ ipId: shareHolding.ipId, balance: shareHolding.balance })
      .from(shareHolding)
      .where(and(inArray(shareHolding.ipId, ids), eq(shareHolding.holder, lower(account)))),
  ]);
  const feesOf = new Map(fees.map((f) => [f.ipId, BigInt(f.fees ?? 0)]));
  const tokenOf = new Map(tokens.map((t) => [t.ipId, t]));
  const keptOf = new Map(kept.map((k) => [k.ipId, k.balance]));
  return works.map((w) => {
    const t = tokenOf.get(w.ipId);
    return {
      ipId: w.ipId,
      title: w.title,
      licensesSold: w.licensesSold,
      fees: feesOf.get(w.ipId) ?? 0n,
      shareToken: (t?.id ?? null) as Address | null,
      saleAvailable: t?.saleOpen ? t.saleAvailable : 0n,
      salePrice: t?.salePricePerShare ?? 0n,
      sharesKept: keptOf.get(w.ipId) ?? 0n,
    };
  });
}

/** What the works `account` created earned: fees, usage and streams (finished periods, and those flowing now). */
export async function creatorEarnings(account: Address): Promise<{ payments: Payment[]; flows: Flow[] }> {
  const [rows, streams] = await Promise.all([
    db
      .select({ kind: income.kind, amount: income.amount, time: income.time })
      .from(income)
      .where(and(eq(income.creator, lower(account)), inArray(income.kind, earnings)))
      .orderBy(desc(income.time))
      .limit(INCOME_LIMIT),
    db
      .select({ flowRate: stream.flowRate, updatedAt: stream.updatedAt })
      .from(stream)
      .innerJoin(work, eq(work.id, stream.ipId))
      .where(and(eq(work.creator, lower(account)), gt(stream.flowRate, 0n)))
      .limit(LIST_LIMIT),
  ]);
  return { payments: incomePayments(rows), flows: runningFlows(streams) };
}

export interface HoldingRow {
  ipId: bigint;
  title: string | null;
  shareToken: Address;
  pool: Address;
  shares: bigint;
}

/** The works whose shares `account` holds, most shares first. */
export async function holdingsOf(account: Address): Promise<HoldingRow[]> {
  const rows = await db
    .select({
      ipId: shareHolding.ipId,
      title: work.title,
      shareToken: shareHolding.shareToken,
      pool: shareToken.pool,
      shares: shareHolding.balance,
    })
    .from(shareHolding)
    .innerJoin(shareToken, eq(shareToken.id, shareHolding.shareToken))
    .innerJoin(work, eq(work.id, shareHolding.ipId))
    .where(and(eq(shareHolding.holder, lower(account)), gt(shareHolding.balance, 0n)))
    .orderBy(desc(shareHolding.balance), asc(shareHolding.ipId))
    .limit(LIST_LIMIT);
  return rows.map((r) => ({ ...r, shareToken: r.shareToken as Address, pool: r.pool as Address }));
}

/** What `account` received as a share holder: its cut of every distribution, and of the streams flowing now. */
export async function holderEarnings(account: Address): Promise<{ payments: Payment[]; flows: Flow[] }> {
  const [rows, pools] = await Promise.all([
    db
      .select({ kind: holderIncome.kind, amount: holderIncome.amount, time: holderIncome.time })
      .from(holderIncome)
      .where(eq(holderIncome.holder, lower(account)))
      .orderBy(desc(holderIncome.time))
      .limit(INCOME_LIMIT),
    db
      .select({
        units: shareHolding.units,
        poolFlowRate: shareToken.poolFlowRate,
        poolUnits: shareToken.poolUnits,
        poolAccruedAt: shareToken.poolAccruedAt,
      })
      .from(shareHolding)
      .innerJoin(shareToken, eq(shareToken.id, shareHolding.shareToken))
      .where(and(eq(shareHolding.holder, lower(account)), gt(shareHolding.units, 0n), gt(shareToken.poolFlowRate, 0n)))
      .limit(LIST_LIMIT),
  ]);
  const flows = pools
    .filter((p) => p.poolUnits > 0n)
    .map((p) => ({ start: Number(p.poolAccruedAt), rate: (p.poolFlowRate * p.units) / p.poolUnits }));
  return { payments: holderPayments(rows), flows };
}
