import { bigint, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

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
