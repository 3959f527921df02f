import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { type Address, getAddress, type Hex } from "viem";
import type { GatewayDb } from "../db/database";
import { usageReceipts, usageReservations, usageTotals } from "../db/schema";
import { accountKey } from "./usage-ledger";

/**
 * The receipt queue and the unit reservations, in the database every gateway shares. Each change is one statement
 * or one transaction, so several gateways agree without reading, changing and writing back:
 * - the latest receipt per (license, licensee) is kept by a conditional upsert: a lower or equal cumulative never
 *   replaces a higher one, whichever gateway receives them in whatever order;
 * - admitting a download takes a transaction-scoped advisory lock on its (license, licensee), so two gateways
 *   admitting downloads at once count each other's reservations;
 * - settled units only grow (GREATEST), and the transaction that settled them is kept beside them.
 */
export interface QueuedReceipt {
  licenseId: bigint;
  account: Address;
  cumulativeUnits: bigint;
  signature: Hex;
  settledUnits: bigint;
  /** A transaction a settler sent for this receipt and did not see confirmed (it may have died waiting). */
  pendingTx?: Hex;
}

/** How long an admitted download holds its unit if its gateway dies before recording it. */
export const RESERVATION_TTL_MS = 15 * 60_000;

/** Advisory-lock namespace (the first of the two int4 keys) for admissions per (license, licensee). */
const ADMISSION_LOCKS = 0x1b4f7b;

const units = (text: string | null | undefined) => BigInt(text ?? "0");

/** `scope`: the deployment the rows belong to (see deploymentScope); rows of any other are never read or written. */
export function receiptQueue(db: GatewayDb, scope: () => Promise<string>) {
  const keyOf = (deployment: string, licenseId: bigint, account: Address) =>
    and(
      eq(usageReceipts.deployment, deployment),
      eq(usageReceipts.licenseId, licenseId.toString()),
      eq(usageReceipts.account, accountKey(account)),
    );

  /** Units signed and settled for `account` under `licenseId` (0 and 0 when nothing was signed). */
  async function held(licenseId: bigint, account: Address): Promise<{ signed: bigint; settled: bigint }> {
    const [row] = await db
      .select({ signed: usageReceipts.cumulativeUnits, settled: usageReceipts.settledUnits })
      .from(usageReceipts)
      .where(keyOf(await scope(), licenseId, account));
    return { signed: units(row?.signed), settled: units(row?.settled) };
  }

  /** Keeps a signed receipt unless one for as many units or more is held; true if it was kept. */
  async function offer(r: { licenseId: bigint; account: Address; cumulativeUnits: bigint; signature: Hex }) {
    const kept = await db
      .insert(usageReceipts)
      .values({
        deployment: await scope(),
        licenseId: r.licenseId.toString(),
        account: accountKey(r.account),
        cumulativeUnits: r.cumulativeUnits.toString(),
        signature: r.signature,
        signedAt: Date.now(),
      })
      .onConflictDoUpdate({
        target: [usageReceipts.deployment, usageReceipts.licenseId, usageReceipts.account],
        set: {
          cumulativeUnits: sql`excluded.cumulative_units`,
          signature: sql`excluded.signature`,
          signedAt: sql`excluded.signed_at`,
        },
        setWhere: sql`${usageReceipts.cumulativeUnits} < excluded.cumulative_units`,
      })
      .returning({ licenseId: usageReceipts.licenseId });
    return kept.length === 1;
  }

  /** Receipts signed beyond what is settled, oldest first, at most `limit`. */
  async function due(limit: number): Promise<QueuedReceipt[]> {
    const rows = await db
      .select()
      .from(usageReceipts)
      .where(
        and(
          eq(usageReceipts.deployment, await scope()),
          sql`${usageReceipts.cumulativeUnits} > ${usageReceipts.settledUnits}`,
        ),
      )
      .orderBy(asc(usageReceipts.signedAt))
      .limit(limit);
    return rows.map((row) => ({
      licenseId: BigInt(row.licenseId),
      account: getAddress(row.account),
      cumulativeUnits: BigInt(row.cumulativeUnits),
      signature: row.signature as Hex,
      settledUnits: BigInt(row.settledUnits),
      ...(row.pendingTx ? { pendingTx: row.pendingTx as Hex } : {}),
    }));
  }

  /** Marks receipts as being settled by `settler` (before anything is sent) for the units it will send. */
  async function claim(batch: readonly QueuedReceipt[], settler: string) {
    const deployment = await scope();
    await db.transaction(async (tx) => {
      for (const r of batch) {
        await tx
          .update(usageReceipts)
          .set({
            claimedBy: settler,
            claimedUnits: r.cumulativeUnits.toString(),
            claimedAt: Date.now(),
            pendingTx: null,
          })
          .where(keyOf(deployment, r.licenseId, r.account));
      }
    });
  }

  /** Records the transaction sent for a claimed batch, before waiting for it. */
  async function sent(batch: readonly QueuedReceipt[], settler: string, txHash: Hex) {
    const deployment = await scope();
    await db.transaction(async (tx) => {
      for (const r of batch) {
        await tx
          .update(usageReceipts)
          .set({ pendingTx: txHash })
          .where(and(keyOf(deployment, r.licenseId, r.account), eq(usageReceipts.claimedBy, settler)));
      }
    });
  }

  /** Settled up to `cumulativeUnits` by `txHash` (unknown when reconciled from the chain without one). */
  async function settled(r: QueuedReceipt, txHash: Hex | undefined) {
    const cumulative = r.cumulativeUnits.toString();
    await db
      .update(usageReceipts)
      .set({
        settledUnits: sql`GREATEST(${usageReceipts.settledUnits}, ${cumulative}::numeric)`,
        settledTx: txHash ?? null,
        settledAt: Date.now(),
        claimedBy: null,
        claimedUnits: null,
        claimedAt: null,
        pendingTx: null,
      })
      .where(
        and(keyOf(await scope(), r.licenseId, r.account), sql`${usageReceipts.settledUnits} < ${cumulative}::numeric`),
      );
  }

  /**
   * Reserves one unit of `account`'s bound under `licenseId` if `fits` says the current counts allow it: the counts
   * are read and the reservation written under one advisory lock per (license, licensee), in one transaction.
   */
  async function reserve<T extends { ok: boolean }>(
    licenseId: bigint,
    account: Address,
    fits: (counts: { used: bigint; signed: bigint; settled: bigint; reserved: bigint }) => T,
  ): Promise<T & { reservation?: string }> {
    const now = Date.now();
    const license = licenseId.toString();
    const who = accountKey(account);
    const deployment = await scope();
    return db.transaction(async (tx) => {
      const lockKey = `${deployment}:${license}:${who}`;
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${ADMISSION_LOCKS}, hashtext(${lockKey}))`);
      const [total] = await tx
        .select({ files: usageTotals.files, servedBytes: usageTotals.servedBytes, fileSize: usageTotals.fileSize })
        .from(usageTotals)
        .where(
          and(eq(usageTotals.deployment, deployment), eq(usageTotals.licenseId, license), eq(usageTotals.account, who)),
        );
      const [receipt] = await tx
        .select({ signed: usageReceipts.cumulativeUnits, settled: usageReceipts.settledUnits })
        .from(usageReceipts)
        .where(keyOf(deployment, licenseId, account));
      const [reservations] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(usageReservations)
        .where(
          and(
            eq(usageReservations.deployment, deployment),
            eq(usageReservations.licenseId, license),
            eq(usageReservations.account, who),
            gt(usageReservations.expiresAt, now),
          ),
        );
      const used = !total
        ? 0n
        : total.fileSize === 0n
          ? BigInt(total.files)
          : (total.servedBytes + total.fileSize - 1n) / total.fileSize;
      const verdict = fits({
        used,
        signed: units(receipt?.signed),
        settled: units(receipt?.settled),
        reserved: BigInt(reservations?.count ?? 0),
      });
      if (!verdict.ok) return verdict;
      const reservation = randomUUID();
      await tx
        .insert(usageReservations)
        .values({ id: reservation, deployment, licenseId: license, account: who, expiresAt: now + RESERVATION_TTL_MS });
      return { ...verdict, reservation };
    });
  }

  /** Gives a reservation back (a download that served nothing), and drops expired ones. */
  async function release(reservation: string) {
    await db.delete(usageReservations).where(eq(usageReservations.id, reservation));
    await db.delete(usageReservations).where(sql`${usageReservations.expiresAt} <= ${Date.now()}`);
  }

  return { held, offer, due, claim, sent, settled, reserve, release };
}

export type ReceiptQueue = ReturnType<typeof receiptQueue>;
