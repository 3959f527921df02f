import type { GatewayContext } from "../context";
import { errorResponse } from "../http";

/**
 * Rate limits on paid requests, kept in the gateway's database (fixed one-minute windows, `GatewayState.hit`), so they
 * hold across restarts and across gateway processes sharing it. Each paid request costs the gateway chain reads (the
 * verification simulates the transfer) and a settlement may cost it gas: a flood of payments, valid or not, is
 * refused with 429, `Retry-After` and a JSON reason before any of that. Two keys: the client's network address,
 * counted before the payment is even decoded, and the payer, counted once its signature is verified (so nobody can
 * use up someone else's allowance by writing their address into a forged payment).
 */
export interface PaidRequestLimits {
  /** Paid requests one payer may make per minute (30 unless configured). */
  perPayerPerMinute: number;
  /** Paid requests one network address may make per minute (60 unless configured). */
  perAddressPerMinute: number;
}

export const DEFAULT_PAID_REQUEST_LIMITS: PaidRequestLimits = { perPayerPerMinute: 30, perAddressPerMinute: 60 };

const MINUTE_MS = 60_000;

/**
 * The client's network address: the last `X-Forwarded-For` entry, the one the nearest proxy (Next's server, or the
 * loopback server in `node-server.ts`) wrote from the socket; entries a client wrote itself come before it and are
 * ignored. A request that came through no proxy counts as one address, "unknown". Caveat: `next start` alone sets
 * the header only when the client sent none (`??=`), so without a proxy in front that overwrites or appends it
 * (nginx `proxy_add_x_forwarded_for`, a platform's edge) a client can choose its address and this limit is advisory;
 * the per-payer limit, counted on verified signatures of funded payers, holds either way.
 */
export function clientAddressOf(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || "unknown";
}

/** Counts one paid request against `key`; a 429 once it passes `perMinute` in the current minute. */
export async function limitPaidRequests(
  ctx: Pick<GatewayContext, "state">,
  key: { payer: string } | { address: string },
  perMinute: number,
): Promise<Response | undefined> {
  const nowMs = Date.now();
  const [name, value] = "payer" in key ? ["payer", key.payer.toLowerCase()] : ["address", key.address];
  const { count, resetsAtMs } = await ctx.state.hit(`x402-${name}:${value}`, MINUTE_MS, nowMs);
  if (count <= perMinute) return undefined;
  const who = name === "payer" ? `payer ${value}` : `network address ${value}`;
  const reason = `At most ${perMinute} paid requests per minute per ${name}; ${who} passed it. Try again when the minute is over.`;
  const retryAfter = String(Math.max(1, Math.ceil((resetsAtMs - nowMs) / 1000)));
  return errorResponse(
    429,
    "too_many_requests",
    reason,
    { limit: perMinute, per: name },
    { "retry-after": retryAfter },
  );
}
