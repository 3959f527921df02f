import {
  type EarlyShareEvent,
  earlyShareEvent,
  holderIncome,
  pool,
  shareHolding,
  shareToken,
  transfer,
} from "ponder:schema";
import { zeroAddress } from "viem";
import { type Db, type LogRef, lower, recordEvent } from "./history";

/** The share token of one of our pools, or undefined for a pool of someone else on the same currency. */
export async function shareTokenOfPool(db: Db, address: `0x${string}`) {
  const p = await db.find(pool, { id: address.toLowerCase() as `0x${string}` });
  return p ? ((await db.find(shareToken, { id: p.shareToken })) ?? undefined) : undefined;
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
  if (!existing) {
    // a new member of the pool: the share token lists it (unless this is the mint, before the token's row exists)
    const token = await db.find(shareToken, { id: key.token.toLowerCase() as `0x${string}` });
    const holder = key.holder.toLowerCase() as `0x${string}`;
    if (token && !token.holders.includes(holder)) {
      await db.update(shareToken, { id: token.id }).set({ holders: [...token.holders, holder] });
    }
  }
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
  for (const holder of token.holders) {
    const m = await db.find(shareHolding, { id: holdingId(token.id, holder) });
    if (!m || m.units <= 0n) continue;
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

/**
 * Keeps an event of a share token or pool that `SharesEnabled` has not named yet (it comes later in the same
 * transaction), for that event to book: see `earlyShareEvent` in the schema.
 */
export async function deferUntilSharesEnabled(db: Db, ref: LogRef, early: EarlyShareEvent): Promise<void> {
  const id = ref.transaction.hash;
  const row = await db.find(earlyShareEvent, { id });
  if (row) await db.update(earlyShareEvent, { id }).set({ events: [...row.events, early] });
  else await db.insert(earlyShareEvent).values({ id, events: [early] });
}

/** Takes the waiting events of `token` and its `pool` out of the transaction's row, in log order. */
export async function takeEarlyShareEvents(db: Db, ref: LogRef, token: string, poolAddress: string) {
  const id = ref.transaction.hash;
  const row = await db.find(earlyShareEvent, { id });
  if (!row) return [];
  const ours = (e: EarlyShareEvent) => (e.kind === "transfer" ? e.token === token : e.pool === poolAddress);
  const rest = row.events.filter((e) => !ours(e));
  if (rest.length) await db.update(earlyShareEvent, { id }).set({ events: rest });
  else await db.delete(earlyShareEvent, { id });
  return row.events.filter(ours);
}

/** Books one transfer of shares: its row, both holdings, and the token's holder count and supply. */
export async function applyShareTransfer(
  db: Db,
  ref: LogRef,
  row: typeof shareToken.$inferSelect,
  args: { from: `0x${string}`; to: `0x${string}`; value: bigint },
) {
  const { from, to, value } = args;
  const token = row.id;
  const ipId = row.ipId;
  await db.insert(transfer).values({
    id: ref.id,
    asset: "share",
    token,
    ipId,
    tokenId: null,
    from: lower(from),
    to: lower(to),
    amount: value,
    time: ref.block.timestamp,
    block: ref.block.number,
    tx: ref.transaction.hash,
  });
  let holdersDelta = 0;
  if (from !== zeroAddress) {
    const f = await updateHolding(db, ref, { ipId, token, holder: from }, { balanceDelta: -value });
    if (f.before > 0n && f.after === 0n) holdersDelta--;
  }
  if (to !== zeroAddress) {
    const t = await updateHolding(db, ref, { ipId, token, holder: to }, { balanceDelta: value });
    if (t.before === 0n && t.after > 0n) holdersDelta++;
  }
  // updateHolding may have listed a new holder on the row: read it again before counting
  const now = (await db.find(shareToken, { id: token })) ?? row;
  await db.update(shareToken, { id: token }).set({
    holderCount: now.holderCount + holdersDelta,
    totalSupply: now.totalSupply + (from === zeroAddress ? value : 0n) - (to === zeroAddress ? value : 0n),
  });
  if (from !== zeroAddress) {
    await recordEvent(db, ref, {
      ipId,
      contract: "ShareToken",
      name: "SharesTransferred",
      actor: from,
      amount: value,
      args,
    });
  }
}

/** Books a change of a member's units in an IP's pool (units follow share balances: one per share). */
export async function applyMemberUnits(
  db: Db,
  ref: LogRef,
  row: typeof shareToken.$inferSelect,
  args: { member: `0x${string}`; oldUnits: bigint; newUnits: bigint },
) {
  // what streamed under the old units is shared out first
  await accrueStreamedIncome(db, ref, row);
  await updateHolding(db, ref, { ipId: row.ipId, token: row.id, holder: args.member }, { units: args.newUnits });
  const now = (await db.find(shareToken, { id: row.id })) ?? row;
  await db.update(shareToken, { id: row.id }).set({ poolUnits: now.poolUnits + args.newUnits - args.oldUnits });
}
