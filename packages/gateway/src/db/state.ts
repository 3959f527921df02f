import { and, eq, gt, lt, sql } from "drizzle-orm";
import { type GatewayDb, sweepExpired } from "./database";
import { rateWindows, revokedSessions, siweNonces, uploadBytes, usedNonces } from "./schema";

/**
 * The gateway's small pieces of security state, each one statement so it is atomic across processes: single-use
 * nonces (an INSERT with a unique key, a conflict is a replay), sign-outs, fixed-window rate counters and the
 * daily upload bytes.
 */
export interface GatewayState {
  /** Records a request-signature nonce as used; false if it was used already (a replay). */
  useNonce(key: string, expiresAtMs: number): Promise<boolean>;
  /** Remembers a SIWE nonce handed out. */
  issueSiweNonce(nonce: string, expiresAtMs: number): Promise<void>;
  /** Spends a SIWE nonce: true once, if it was handed out and has not expired. */
  takeSiweNonce(nonce: string, nowMs: number): Promise<boolean>;
  revokeSession(id: string, expiresAtMs: number): Promise<void>;
  isRevoked(id: string, nowMs: number): Promise<boolean>;
  /**
   * Counts one request against `key` in the current window of `windowMs`; returns how many it has counted there
   * (this one included) and when the window ends.
   */
  hit(key: string, windowMs: number, nowMs: number): Promise<{ count: number; resetsAtMs: number }>;
  /** Adds bytes to an account's day, unless that would pass `limit`; returns the day's total and whether it fit. */
  addUploadBytes(account: string, day: string, bytes: number, limit: number): Promise<{ ok: boolean; total: number }>;
  /** Gives bytes back (an upload refused after it was counted). */
  returnUploadBytes(account: string, day: string, bytes: number): Promise<void>;
}

const SWEEP_EVERY = 1000;

export function createGatewayState(db: GatewayDb): GatewayState {
  let writes = 0;
  const maybeSweep = async (nowMs: number) => {
    if (++writes % SWEEP_EVERY === 0) await sweepExpired(db, nowMs).catch(() => {});
  };
  return {
    async useNonce(key, expiresAtMs) {
      const inserted = await db
        .insert(usedNonces)
        .values({ key, expiresAt: expiresAtMs })
        .onConflictDoNothing()
        .returning({ key: usedNonces.key });
      await maybeSweep(Date.now());
      return inserted.length === 1;
    },
    async issueSiweNonce(nonce, expiresAtMs) {
      await db.insert(siweNonces).values({ nonce, expiresAt: expiresAtMs });
      await maybeSweep(Date.now());
    },
    async takeSiweNonce(nonce, nowMs) {
      const taken = await db
        .delete(siweNonces)
        .where(eq(siweNonces.nonce, nonce))
        .returning({ expiresAt: siweNonces.expiresAt });
      return taken.length === 1 && taken[0].expiresAt > nowMs;
    },
    async revokeSession(id, expiresAtMs) {
      await db.insert(revokedSessions).values({ id, expiresAt: expiresAtMs }).onConflictDoNothing();
    },
    async isRevoked(id, nowMs) {
      const rows = await db
        .select({ id: revokedSessions.id })
        .from(revokedSessions)
        .where(and(eq(revokedSessions.id, id), gt(revokedSessions.expiresAt, nowMs)));
      return rows.length > 0;
    },
    async hit(key, windowMs, nowMs) {
      const windowStart = nowMs - (nowMs % windowMs);
      const [row] = await db
        .insert(rateWindows)
        .values({ key, windowStart, count: 1 })
        .onConflictDoUpdate({
          target: [rateWindows.key, rateWindows.windowStart],
          set: { count: sql`${rateWindows.count} + 1` },
        })
        .returning({ count: rateWindows.count });
      if (++writes % SWEEP_EVERY === 0) {
        await db
          .delete(rateWindows)
          .where(lt(rateWindows.windowStart, nowMs - 24 * 3600_000))
          .catch(() => {});
      }
      return { count: row.count, resetsAtMs: windowStart + windowMs };
    },
    async addUploadBytes(account, day, bytes, limit) {
      // One statement: the row grows only while the total stays within the limit, so two uploads racing cannot
      // both squeeze under it.
      const [row] = await db
        .insert(uploadBytes)
        .values({ account, day, bytes })
        .onConflictDoUpdate({
          target: [uploadBytes.account, uploadBytes.day],
          set: { bytes: sql`${uploadBytes.bytes} + ${bytes}` },
          setWhere: sql`${uploadBytes.bytes} + ${bytes} <= ${limit}`,
        })
        .returning({ bytes: uploadBytes.bytes });
      if (row && row.bytes <= limit) return { ok: true, total: row.bytes };
      if (row) {
        // a first upload of the day larger than the limit was inserted whole: take it back
        await db
          .update(uploadBytes)
          .set({ bytes: sql`${uploadBytes.bytes} - ${bytes}` })
          .where(and(eq(uploadBytes.account, account), eq(uploadBytes.day, day)));
        return { ok: false, total: row.bytes - bytes };
      }
      const [current] = await db
        .select({ bytes: uploadBytes.bytes })
        .from(uploadBytes)
        .where(and(eq(uploadBytes.account, account), eq(uploadBytes.day, day)));
      return { ok: false, total: current?.bytes ?? 0 };
    },
    async returnUploadBytes(account, day, bytes) {
      await db
        .update(uploadBytes)
        .set({ bytes: sql`GREATEST(${uploadBytes.bytes} - ${bytes}, 0)` })
        .where(and(eq(uploadBytes.account, account), eq(uploadBytes.day, day)));
    },
  };
}
