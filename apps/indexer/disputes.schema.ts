import { index, onchainTable } from "ponder";

/** Disputes against registrations. `status`: "open" | "upheld" | "rejected" | "expired"; `bondTo` who received
 * the bond when it closed (the disputer, or the IP's owner on a rejection). */
export const dispute = onchainTable(
  "dispute",
  (t) => ({
    id: t.bigint().primaryKey(),
    ipId: t.bigint().notNull(),
    disputer: t.hex().notNull(),
    bond: t.bigint().notNull(),
    earlierIpId: t.bigint().notNull(),
    similarityBps: t.integer().notNull(),
    evidenceUri: t.text().notNull(),
    status: t.text().notNull(),
    openedAt: t.bigint().notNull(),
    closedAt: t.bigint(),
    bondTo: t.hex(),
  }),
  (table) => ({ ipIdx: index().on(table.ipId), statusIdx: index().on(table.status) }),
);
