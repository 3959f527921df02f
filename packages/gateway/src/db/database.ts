import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema";

/** The gateway's database through Drizzle: the same queries run on PGlite and on PostgreSQL. */
export type GatewayDb = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: GatewayDb;
  /** Which engine: "pglite" (embedded, one directory) or "postgres" (`DATABASE_URL`). */
  kind: "pglite" | "postgres";
  /**
   * Runs `fn` while holding the session-level advisory lock `key` (`pg_try_advisory_lock`) on one dedicated
   * connection, so no other process (nor another caller in this one) runs it at the same time; `acquired: false`
   * without waiting when someone else holds it. A process that dies loses its connection, and with it the lock.
   */
  withLock<T>(key: number, fn: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }>;
  close(): Promise<void>;
}

/** In-process part of `withLock`: PGlite is one session for the whole process, so its locks never conflict. */
function localLocks() {
  const held = new Set<number>();
  return async <T>(key: number, fn: () => Promise<T>, locked: () => Promise<boolean>, unlock: () => Promise<void>) => {
    if (held.has(key)) return { acquired: false as const };
    held.add(key);
    try {
      if (!(await locked())) return { acquired: false as const };
      try {
        return { acquired: true as const, value: await fn() };
      } finally {
        await unlock();
      }
    } finally {
      held.delete(key);
    }
  };
}

const lockedRow = (result: unknown) => (result as { rows: Array<{ locked: boolean }> }).rows[0]?.locked === true;

export interface DatabaseOptions {
  /** `DATABASE_URL`: a PostgreSQL server. Unset: PGlite in `dir`. */
  url?: string;
  /** PGlite's directory (`GATEWAY_DB_DIR`, `<DATA_DIR>/gateway/db` by default). */
  dir?: string;
  /** The SQL migrations (packages/gateway/drizzle); a bundled server passes where they are. */
  migrationsDir?: string;
}

/** Where the committed migrations are, for code run from the sources. */
export const defaultMigrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../drizzle");

/**
 * One PGlite per directory per process, shared by every gateway built over it and kept on `globalThis`, so a
 * `next dev` module reload reuses the open database instead of opening the directory twice (PGlite would corrupt
 * it). Counted: the last `close` closes it.
 */
interface Shared {
  ready: Promise<{ client: PGlite; db: GatewayDb; lock: ReturnType<typeof localLocks> }>;
  users: number;
}
const holder = globalThis as { __ipnftGatewayPglite?: Map<string, Shared> };
holder.__ipnftGatewayPglite ??= new Map();
const registry: Map<string, Shared> = holder.__ipnftGatewayPglite;

async function openPglite(dir: string, migrationsFolder: string): Promise<Database> {
  const key = path.resolve(dir);
  let shared = registry.get(key);
  if (!shared) {
    const ready = (async () => {
      await mkdir(key, { recursive: true });
      const client = await PGlite.create(key);
      const db = drizzlePglite({ client, schema });
      await migratePglite(db, { migrationsFolder });
      return { client, db: db as unknown as GatewayDb, lock: localLocks() };
    })();
    shared = { ready, users: 0 };
    registry.set(key, shared);
    ready.catch(() => registry.delete(key));
  }
  const entry = shared;
  entry.users += 1;
  const { client, db, lock } = await entry.ready;
  let closed = false;
  return {
    db,
    kind: "pglite",
    withLock: (key, fn) =>
      lock(
        key,
        fn,
        async () => lockedRow(await db.execute(sql`SELECT pg_try_advisory_lock(${key}) AS locked`)),
        async () => {
          await db.execute(sql`SELECT pg_advisory_unlock(${key})`);
        },
      ),
    async close() {
      if (closed) return;
      closed = true;
      entry.users -= 1;
      if (entry.users > 0) return;
      registry.delete(key);
      await client.close();
    },
  };
}

/** Migration lock key for PostgreSQL: two gateways starting together migrate one after the other. */
const MIGRATION_LOCK = 0x1b4f7a;

async function openPostgres(url: string, migrationsFolder: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  // An idle connection the server dropped (a restart, a failover) is an event, not a crash: the pool reconnects and
  // the queries that needed the database meanwhile answer 503 (see isDatabaseUnavailable).
  pool.on("error", (error) => console.error("gateway: database connection lost:", error.message));
  const db = drizzleNodePg({ client: pool, schema });
  const local = localLocks();
  const lock = await pool.connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrateNodePg(db, { migrationsFolder });
  } finally {
    await lock.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    lock.release();
  }
  async function withLock<T>(key: number, fn: () => Promise<T>) {
    const connection = await pool.connect();
    const session = drizzleNodePg({ client: connection, schema });
    let broken: Error | undefined;
    try {
      return await local(
        key,
        fn,
        async () => lockedRow(await session.execute(sql`SELECT pg_try_advisory_lock(${key}) AS locked`)),
        async () => {
          await session.execute(sql`SELECT pg_advisory_unlock(${key})`);
        },
      );
    } catch (error) {
      broken = error as Error;
      throw error;
    } finally {
      // A connection whose unlock failed may still hold the lock: destroy it rather than hand it back to the pool.
      connection.release(broken);
    }
  }
  return { db: db as unknown as GatewayDb, kind: "postgres", withLock, close: () => pool.end() };
}

/** Opens the gateway's database and brings its tables up to date (drizzle's migrator, committed migrations). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const migrationsFolder = options.migrationsDir ?? defaultMigrationsDir;
  if (options.url) return openPostgres(options.url, migrationsFolder);
  if (!options.dir) throw new Error("The gateway's database needs DATABASE_URL or a PGlite directory.");
  return openPglite(options.dir, migrationsFolder);
}

/** Deletes rows whose `expires_at` has passed, so the nonce and sign-out tables follow the live set. */
export async function sweepExpired(db: GatewayDb, nowMs: number): Promise<void> {
  await db.delete(schema.usedNonces).where(sql`${schema.usedNonces.expiresAt} <= ${nowMs}`);
  await db.delete(schema.siweNonces).where(sql`${schema.siweNonces.expiresAt} <= ${nowMs}`);
  await db.delete(schema.revokedSessions).where(sql`${schema.revokedSessions.expiresAt} <= ${nowMs}`);
}
