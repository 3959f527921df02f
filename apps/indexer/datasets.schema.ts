import { index, onchainTable } from "ponder";

/**
 * Datasets (the Datasets contract's events, and the GDA's events on dataset pools): re-exported by ponder.schema.ts.
 * Income per member is derived without touching every member on every payment: see `dataset-income.ts`.
 */

/** One row per opened dataset (the id is the dataset's IP id). */
export const dataset = onchainTable(
  "dataset",
  (t) => ({
    id: t.bigint().primaryKey(),
    curator: t.hex().notNull(),
    /** The dataset's GDA pool: every payment for the dataset goes through it. */
    pool: t.hex().notNull(),
    /** The share the curator keeps, in basis points. */
    curatorBps: t.integer().notNull(),
    /** A member's pool units per unit of weight, fixed when the dataset opened (so the curator's share is exact). */
    unitsPerWeight: t.bigint().notNull(),
    memberCount: t.integer().notNull(),
    totalWeight: t.bigint().notNull(),
    memberUnits: t.bigint().notNull(),
    curatorUnits: t.bigint().notNull(),
    /** The running commitment to additions and removals after the last one (IDatasets.membersCommitment). */
    commitment: t.hex().notNull(),
    /** What flows into the pool per second now (every stream into the dataset together). */
    poolFlowRate: t.bigint().notNull(),
    incomePerUnit: t.bigint().notNull(),
    /** Everything paid into the pool (instant and streamed) up to `accruedAt`. */
    totalIncome: t.bigint().notNull(),
    accruedAt: t.bigint().notNull(),
    openedAt: t.bigint().notNull(),
    openedBlock: t.bigint().notNull(),
  }),
  (table) => ({ curatorIdx: index().on(table.curator), poolIdx: index().on(table.pool) }),
);

/** One row per (dataset, work) ever added; a removed member keeps its row (active false) and what it earned. */
export const datasetMember = onchainTable(
  "dataset_member",
  (t) => ({
    /** `${datasetId}-${memberIpId}`. */
    id: t.text().primaryKey(),
    datasetId: t.bigint().notNull(),
    memberIpId: t.bigint().notNull(),
    /** The pool member receiving the work's income: its share token's address. */
    payee: t.hex().notNull(),
    weight: t.bigint().notNull(),
    units: t.bigint().notNull(),
    active: t.boolean().notNull(),
    contentCid: t.hex().notNull(),
    /** The curator's license that gave consent; null when the curator owned the work or the owner signed. */
    consentLicenseId: t.bigint(),
    addedAt: t.bigint().notNull(),
    addedBlock: t.bigint().notNull(),
    removedAt: t.bigint(),
    removedBlock: t.bigint(),
    incomeAtSync: t.bigint().notNull(),
    incomePerUnitAtSync: t.bigint().notNull(),
  }),
  (table) => ({ datasetIdx: index().on(table.datasetId), memberIdx: index().on(table.memberIpId) }),
);

/** Which dataset a GDA pool belongs to: the GDA's events name the pool only. */
export const datasetPool = onchainTable("dataset_pool", (t) => ({
  id: t.hex().primaryKey(),
  datasetId: t.bigint().notNull(),
}));
