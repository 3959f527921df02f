import type { Address } from "viem";
import type { GatewayContext } from "./context";
import { errorResponse } from "./http";

/**
 * Per-account limits kept in the gateway's database, so they hold across restarts and across processes: request
 * rates (fixed one-minute windows) and the bytes an account may upload per UTC day. Each refusal is a 429 with
 * `Retry-After` (seconds) and a JSON reason.
 */
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 3600_000;

/** Keys this process has seen over their limit, until their window ends, per database. */
const overLimit = new WeakMap<object, Map<string, number>>();

const retryAfter = (untilMs: number, nowMs: number) => ({
  "retry-after": String(Math.max(1, Math.ceil((untilMs - nowMs) / 1000))),
});

/** Counts a request of `kind` by `account`; a 429 once it passes `perMinute` in the current minute. */
export async function rateLimit(
  ctx: Pick<GatewayContext, "state">,
  kind: string,
  account: Address,
  perMinute: number,
): Promise<Response | undefined> {
  const nowMs = Date.now();
  const key = `${kind}:${account.toLowerCase()}`;
  const reason = `At most ${perMinute} ${kind} requests per minute per account; try again when the minute is over.`;
  // An account already over its limit in this window is refused without asking the database again: a flood then
  // costs the gateway a map lookup per request, not a write.
  let overLimitUntil = overLimit.get(ctx.state);
  if (!overLimitUntil) {
    overLimitUntil = new Map();
    overLimit.set(ctx.state, overLimitUntil);
  }
  const knownOver = overLimitUntil.get(key);
  if (knownOver !== undefined && knownOver > nowMs) {
    return errorResponse(429, "too_many_requests", reason, { limit: perMinute }, retryAfter(knownOver, nowMs));
  }
  const { count, resetsAtMs } = await ctx.state.hit(key, MINUTE_MS, nowMs);
  if (count <= perMinute) return undefined;
  if (overLimitUntil.size > 10_000) overLimitUntil.clear();
  overLimitUntil.set(key, resetsAtMs);
  return errorResponse(429, "too_many_requests", reason, { limit: perMinute }, retryAfter(resetsAtMs, nowMs));
}

/** The UTC day a time falls in, as the quota's key (e.g. "2026-11-30"). */
export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Counts `bytes` against an account's upload quota for today; a 429 if they do not fit. */
export async function spendUploadBytes(
  ctx: Pick<GatewayContext, "state" | "limits">,
  account: Address,
  bytes: number,
): Promise<Response | undefined> {
  const nowMs = Date.now();
  const limit = ctx.limits.uploadQuota.bytesPerDay;
  const spent = await ctx.state.addUploadBytes(account.toLowerCase(), utcDay(nowMs), bytes, limit);
  if (spent.ok) return undefined;
  const nextDay = nowMs - (nowMs % DAY_MS) + DAY_MS;
  const reason = `${account} may upload ${limit} bytes per day; ${spent.total} are used today and this upload has ${bytes}.`;
  return errorResponse(429, "upload_quota_exceeded", reason, { limit, used: spent.total }, retryAfter(nextDay, nowMs));
}
