import type { GatewayContext } from "../context";
import { errorResponse } from "../http";
import { clientAddressOf } from "../x402/paid-limits";

/**
 * The rate limit on `POST /api/similar`, which is open to anyone and costs the gateway an image decode and hash
 * (tens of milliseconds of CPU) and a lookup per request. Counted in the gateway's database (`GatewayState.hit`, fixed
 * windows), so it holds across restarts and across gateways sharing it, before the body is read: per client network
 * address (the last `X-Forwarded-For` entry, as x402's limit reads it) and, for a signed-in session, per account as
 * well; past either, 429 with `Retry-After` and a JSON reason. Anyone can make new sessions, so a session never buys
 * more than its address allows; it only keeps one account's searches from using up a shared address's allowance.
 */
export interface SimilarLimit {
  /** Searches allowed per window per address and per session account (30 unless configured). */
  requests: number;
  /** The window, in milliseconds (one minute unless configured). */
  windowMs: number;
}

export const DEFAULT_SIMILAR_LIMIT: SimilarLimit = { requests: 30, windowMs: 60_000 };

/** Counts one search; the 429 that refuses it once the address or the session's account is past the limit. */
export async function limitSimilarRequests(
  ctx: Pick<GatewayContext, "state" | "siwe" | "limits">,
  request: Request,
): Promise<Response | undefined> {
  const { requests, windowMs } = ctx.limits.similar;
  const session = request.headers.has("cookie") ? await ctx.siwe.session(request) : undefined;
  const keys: [string, string][] = [["network address", clientAddressOf(request)]];
  if (session) keys.push(["account", session.account.toLowerCase()]);
  const nowMs = Date.now();
  for (const [per, value] of keys) {
    const { count, resetsAtMs } = await ctx.state.hit(`similar:${per}:${value}`, windowMs, nowMs);
    if (count <= requests) continue;
    const seconds = Math.max(1, Math.ceil((resetsAtMs - nowMs) / 1000));
    const reason =
      `At most ${requests} similarity searches per ${windowMs / 1000} s per ${per}; ${per} ${value} passed it. ` +
      `Try again in ${seconds} s.`;
    const body = { limit: requests, windowSeconds: windowMs / 1000, per };
    return errorResponse(429, "too_many_requests", reason, body, { "retry-after": String(seconds) });
  }
  return undefined;
}
