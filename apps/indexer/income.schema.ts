import { index, onchainTable } from "ponder";

/**
 * Money an IP earned, one row per payment, for charts per IP, per creator, per holder (through the pool's units) and
 * per licensee's spend. `kind`: "licenseFee" | "usage" | "stream" (a stream's amount for the period that ended with
 * a rate change; the running period is `stream.flowRate` × elapsed) | "shareSale" (a creator selling shares).
 */
export const income = onchainTable(
  "income",
  (t) => ({
    /** The event id (plus a suffix when one event pays several rows). */
    id: t.text().primaryKey(),
    ipId: t.bigint().notNull(),
    /** The IP's creator, so creator charts need no join. */
    creator: t.hex().notNull(),
    kind: t.text().notNull(),
    /** Who paid: the licensee, or the share buyer. */
    payer: t.hex().notNull(),
    /** Where it went: the IP's pool (its holders), or an account when the IP had no shares. */
    recipient: t.hex().notNull(),
    amount: t.bigint().notNull(),
    licenseId: t.bigint(),
    time: t.bigint().notNull(),
    block: t.bigint().notNull(),
  }),
  (table) => ({
    ipIdx: index().on(table.ipId),
    creatorIdx: index().on(table.creator),
    payerIdx: index().on(table.payer),
    recipientIdx: index().on(table.recipient),
    timeIdx: index().on(table.time),
  }),
);

/** A pool's unit holders at a distribution, so per-holder income charts need no replay: one row per holder paid. */
export const holderIncome = onchainTable(
  "holder_income",
  (t) => ({
    id: t.text().primaryKey(),
    ipId: t.bigint().notNull(),
    holder: t.hex().notNull(),
    /** The holder's share of the distribution (amount × units / pool units, rounded down as GDA does). */
    amount: t.bigint().notNull(),
    /** "instant" (a fee, usage or income distribution) | "stream" (a stream period that ended). */
    kind: t.text().notNull(),
    time: t.bigint().notNull(),
    block: t.bigint().notNull(),
  }),
  (table) => ({ ipIdx: index().on(table.ipId), holderIdx: index().on(table.holder) }),
);
