import { bigint, bigserial, index, integer, jsonb, numeric, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import type { ContentCredentials } from "../c2pa/credentials";

/**
 * The gateway's state, in one database (PGlite by default, PostgreSQL when `DATABASE_URL` is set), so it holds
 * across module reloads, restarts and several gateway processes. Times are milliseconds since the epoch. Changing
 * a table: edit it here, then `npm run db:generate --workspace packages/gateway` writes the SQL migration under
 * `packages/gateway/drizzle/`, which every gateway applies at start.
 */

/** Request-signature nonces, per account, each accepted once: the primary key makes a second use a conflict. */
export const usedNonces = pgTable(
  "used_nonces",
  {
    key: text("key").primaryKey(),
    expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
  },
  (t) => [index("used_nonces_expiry").on(t.expiresAt)],
);

/** SIWE nonces handed out and not yet spent: signing in deletes the row, so each is usable once. */
export const siweNonces = pgTable("siwe_nonces", {
  nonce: text("nonce").primaryKey(),
  expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
});

/** Sessions signed out before their expiry: their cookies are refused until then. */
export const revokedSessions = pgTable("revoked_sessions", {
  id: text("id").primaryKey(),
  expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
});

/** Bytes each account uploaded per UTC day: the daily upload quota. */
export const uploadBytes = pgTable(
  "upload_bytes",
  {
    account: text("account").notNull(),
    day: text("day").notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.account, t.day] })],
);

/** Fixed-window request counters, e.g. `upload:<account>` or `receipts:<account>`, per window start. */
export const rateWindows = pgTable(
  "rate_windows",
  {
    key: text("key").notNull(),
    windowStart: bigint("window_start", { mode: "number" }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

/**
 * Metered usage, summed per license AND account (usage belongs to whoever made the requests): one row, grown by one
 * statement per served file, so gateways sharing the database never lose an update. Units are derived on reading:
 * ceil(servedBytes / fileSize), or the file count for empty files.
 */
export const usageTotals = pgTable(
  "usage_totals",
  {
    /** The deployment this usage is under (see `deploymentScope`): a fresh chain never inherits an old one's. */
    deployment: text("deployment").notNull(),
    licenseId: numeric("license_id", { precision: 78, scale: 0 }).notNull(),
    account: text("account").notNull(),
    ipId: numeric("ip_id", { precision: 78, scale: 0 }).notNull(),
    servedBytes: bigint("served_bytes", { mode: "bigint" }).notNull(),
    fileSize: bigint("file_size", { mode: "bigint" }).notNull(),
    files: integer("files").notNull(),
    updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.deployment, t.licenseId, t.account] }),
    index("usage_totals_account").on(t.deployment, t.account),
  ],
);

/** Every served file, append-only: the audit trail the totals are the sum of. */
export const usageRecords = pgTable(
  "usage_records",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: bigint("at", { mode: "number" }).notNull(),
    account: text("account").notNull(),
    ipId: numeric("ip_id", { precision: 78, scale: 0 }).notNull(),
    /** The deployment this usage is under (see `deploymentScope`): a fresh chain never inherits an old one's. */
    deployment: text("deployment").notNull(),
    licenseId: numeric("license_id", { precision: 78, scale: 0 }).notNull(),
    cid: text("cid").notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    fileSize: bigint("file_size", { mode: "number" }).notNull(),
  },
  (t) => [index("usage_records_license_account").on(t.deployment, t.licenseId, t.account)],
);

/**
 * Downloads admitted and not yet recorded: each holds one unit of its license's unpaid bound, whichever gateway
 * admitted it. Released when the download is recorded or fails; one left by a gateway that died expires.
 */
export const usageReservations = pgTable(
  "usage_reservations",
  {
    id: text("id").primaryKey(),
    /** The deployment this usage is under (see `deploymentScope`): a fresh chain never inherits an old one's. */
    deployment: text("deployment").notNull(),
    licenseId: numeric("license_id", { precision: 78, scale: 0 }).notNull(),
    account: text("account").notNull(),
    expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
  },
  (t) => [index("usage_reservations_license_account").on(t.deployment, t.licenseId, t.account)],
);

/**
 * The receipt queue: the latest signed receipt per (license, licensee), replaced only by a higher cumulative (a
 * conditional upsert), and how far it is settled on chain. A settler records its claim and the transaction it sent
 * before waiting for it, so a settler that dies mid-way leaves enough for the next one to reconcile with the chain.
 */
export const usageReceipts = pgTable(
  "usage_receipts",
  {
    /** The deployment this usage is under (see `deploymentScope`): a fresh chain never inherits an old one's. */
    deployment: text("deployment").notNull(),
    licenseId: numeric("license_id", { precision: 78, scale: 0 }).notNull(),
    account: text("account").notNull(),
    cumulativeUnits: numeric("cumulative_units", { precision: 20, scale: 0 }).notNull(),
    signature: text("signature").notNull(),
    signedAt: bigint("signed_at", { mode: "number" }).notNull(),
    settledUnits: numeric("settled_units", { precision: 20, scale: 0 }).notNull().default("0"),
    settledTx: text("settled_tx"),
    settledAt: bigint("settled_at", { mode: "number" }),
    /** The settler working on this receipt (`host:pid:random`), the units it sent, and its transaction once sent. */
    claimedBy: text("claimed_by"),
    claimedUnits: numeric("claimed_units", { precision: 20, scale: 0 }),
    claimedAt: bigint("claimed_at", { mode: "number" }),
    pendingTx: text("pending_tx"),
  },
  (t) => [primaryKey({ columns: [t.deployment, t.licenseId, t.account] })],
);

/**
 * What the content store holds, per shelf and CID: one row per stored file, inserted once (a conflict means the same
 * bytes were stored already, by this gateway or another sharing the content directory).
 */
export const contentIndex = pgTable(
  "content_index",
  {
    shelf: text("shelf").notNull(),
    cid: text("cid").notNull(),
    sha256: text("sha256").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    mediaType: text("media_type").notNull(),
    previewCid: text("preview_cid"),
    storedAt: text("stored_at").notNull(),
    /** Originals that are images: their perceptual hashes (16 hex digits each; see `similarity/hash.ts`). */
    perceptualHashes: text("perceptual_hashes").array(),
  },
  (t) => [primaryKey({ columns: [t.shelf, t.cid] })],
);

/**
 * Content credentials read from each original on upload (c2pa/read.ts): the validation state of its embedded C2PA
 * manifest store, the store's SHA-256, and the claims, as the upload answered them. One row per original's CID.
 */
export const contentCredentials = pgTable("content_credentials", {
  cid: text("cid").primaryKey(),
  /** `valid`, `invalid` or `none`. */
  state: text("state").notNull(),
  manifestHash: text("manifest_hash"),
  credentials: jsonb("credentials").$type<ContentCredentials>().notNull(),
  readAt: bigint("read_at", { mode: "number" }).notNull(),
});

/**
 * Files paid for one at a time with x402 (x402/pay-per-file.ts): the usage record of a paid download, with its
 * settlement transaction. A transaction settles one payment, so it is the key: a payment is never recorded twice.
 */
export const x402Payments = pgTable(
  "x402_payments",
  {
    transaction: text("transaction").primaryKey(),
    at: bigint("at", { mode: "number" }).notNull(),
    payer: text("payer").notNull(),
    ipId: numeric("ip_id", { precision: 78, scale: 0 }).notNull(),
    cid: text("cid").notNull(),
    asset: text("asset").notNull(),
    amount: numeric("amount", { precision: 78, scale: 0 }).notNull(),
    payTo: text("pay_to").notNull(),
    network: text("network").notNull(),
  },
  (t) => [index("x402_payments_payer").on(t.payer)],
);
