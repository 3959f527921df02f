import type { Context } from "ponder:registry";
import { event as eventTable, income, work } from "ponder:schema";
import { replaceBigInts } from "ponder";

/** The database every handler writes to (the same object for every event). */
export type Db = Context<"IPRegistry:IPRegistered">["db"];

/** What every handler knows of the log it handles. */
export interface LogRef {
  id: string;
  block: { number: bigint; timestamp: bigint };
  log: { logIndex: number };
  transaction: { hash: `0x${string}` };
}

/** Appends one row to an IP's history (`event`): the event's name and arguments, in chain order. */
export async function recordEvent(
  db: Db,
  ref: LogRef,
  row: { ipId: bigint | null; contract: string; name: string; actor?: `0x${string}`; amount?: bigint; args: object },
): Promise<void> {
  await db
    .insert(eventTable)
    .values({
      id: ref.id,
      ipId: row.ipId,
      contract: row.contract,
      name: row.name,
      actor: row.actor?.toLowerCase() as `0x${string}` | undefined,
      amount: row.amount,
      data: replaceBigInts(row.args, String),
      time: ref.block.timestamp,
      block: ref.block.number,
      logIndex: ref.log.logIndex,
      tx: ref.transaction.hash,
    })
    .onConflictDoNothing();
}

/** Books money an IP earned (`income`) and adds it to the work's total. */
export async function recordIncome(
  db: Db,
  ref: LogRef,
  row: {
    id?: string;
    ipId: bigint;
    kind: "licenseFee" | "usage" | "stream" | "shareSale";
    payer: `0x${string}`;
    recipient: `0x${string}`;
    amount: bigint;
    licenseId?: bigint;
  },
): Promise<void> {
  if (row.amount <= 0n) return;
  const w = await db.find(work, { id: row.ipId });
  if (!w) return;
  await db.insert(income).values({
    id: row.id ?? ref.id,
    ipId: row.ipId,
    creator: w.creator,
    kind: row.kind,
    payer: row.payer.toLowerCase() as `0x${string}`,
    recipient: row.recipient.toLowerCase() as `0x${string}`,
    amount: row.amount,
    licenseId: row.licenseId,
    time: ref.block.timestamp,
    block: ref.block.number,
  });
  if (row.kind !== "shareSale")
    await db.update(work, { id: row.ipId }).set({ totalIncome: w.totalIncome + row.amount });
}

export const lower = (a: `0x${string}`) => a.toLowerCase() as `0x${string}`;
