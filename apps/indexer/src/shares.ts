import { holderIncome, shareHolding, shareToken } from "ponder:schema";
import { eq } from "ponder";
import type { Db, LogRef } from "./history";

/** The share token of one of our pools, or undefined for a pool of someone else on the same currency. */
export async function shareTokenOfPool(db: Db, pool: `0x${string}`) {
  const [row]: (typeof shareToken.$inferSelect | undefined)[] = await db.sql
    .select()
    .from(shareToken)
    .where(eq(shareToken.pool, pool.toLowerCase() as `0x${string}`));
  return row;
}

export const holdingId = (token: string, holder: string) => `${token.toLowerCase()}-${holder.toLowerCase()}`;

/** Creates the holding row of a holder on first sight, then applies `change` to it. */
export async function updateHolding(
  db: Db,
  ref: LogRef,
  key: { ipId: bigint; token: `0x${string}`; holder: `0x${string}` },
  change: { balanceDelta?: bigint; units?: bigint },
) {
  const id = holdingId(key.token, key.holder);
  const existing = await db.find(shareHolding, { id });
  const balance = (existing?.balance ?? 0n) + (change.balanceDelta ?? 0n);
  const units = change.units ?? existing?.units ?? 0n;
  const row = { balance, units, updatedAt: ref.block.timestamp, updatedBlock: ref.block.number };
  if (existing) await db.update(shareHolding, { id }).set(row);
  else {
    await db.insert(shareHolding).values({
      id,
      ipId: key.ipId,
      shareToken: key.token.toLowerCase() as `0x${string}`,
      holder: key.holder.toLowerCase() as `0x${string}`,
      ...row,
    });
  }
  return { before: existing?.balance ?? 0n, after: balance };
}

/** Shares `amount` among the pool's members by their units (rounded down, as the GDA does): one row per holder. */
async function shareOut(
  db: Db,
  ref: LogRef,
  token: typeof shareToken.$inferSelect,
  amount: bigint,
  kind: "instant" | "stream",
) {
  if (amount <= 0n || token.poolUnits <= 0n) return;
  const members = await db.sql.select().from(shareHolding).where(eq(shareHolding.shareToken, token.id));
  for (const m of members) {
    if (m.units <= 0n) continue;
    await db
      .insert(holderIncome)
      .values({
        id: `${ref.id}-${kind}-${m.holder}`,
        ipId: token.ipId,
        holder: m.holder,
        amount: (amount * m.units) / token.poolUnits,
        kind,
        time: ref.block.timestamp,
        block: ref.block.number,
      })
      .onConflictDoNothing();
  }
}

/**
 * Books what the pool streamed to its holders since the last change of its rate or units, under the units that
 * held during that time. Called before any change of either.
 */
export async function accrueStreamedIncome(db: Db, ref: LogRef, token: typeof shareToken.$inferSelect) {
  const now = ref.block.timestamp;
  if (now <= token.poolAccruedAt) return;
  await shareOut(db, ref, token, token.poolFlowRate * (now - token.poolAccruedAt), "stream");
  await db.update(shareToken, { id: token.id }).set({ poolAccruedAt: now });
}

/** Books an instant distribution into the pool (a fee, a usage payment, income passed on) per holder. */
export async function shareOutInstant(db: Db, ref: LogRef, token: typeof shareToken.$inferSelect, amount: bigint) {
  await shareOut(db, ref, token, amount, "instant");
}
