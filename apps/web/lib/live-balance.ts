/** What the chain said at one block: an amount, how fast it changes per second, and the block's time. */
export interface LiveReading {
  amount: bigint;
  /** Wei per second (negative for an outgoing stream). */
  flowRate: bigint;
  /** Chain time, seconds. */
  timestamp: bigint;
  /** Browser time, ms, when the reading arrived. */
  readAt: number;
}

/**
 * The amount now: the reading advanced at its flow rate by the browser time elapsed since it arrived.
 * Millisecond precision, so the number moves every frame, not once a second.
 */
export function liveValue(r: LiveReading, nowMs: number): bigint {
  const elapsedMs = BigInt(Math.max(0, Math.floor(nowMs - r.readAt)));
  return r.amount + (r.flowRate * elapsedMs) / 1000n;
}
