/**
 * Remembers keys until their own expiry: used nonces (a replay inside their lifetime is caught) and
 * revoked sessions. Expired keys are swept as new ones arrive, so memory follows the live set.
 */
export class ExpiringSet {
  private readonly entries = new Map<string, number>();
  private insertsSinceSweep = 0;

  /** Adds a key; false if it was already present and unexpired (the caller's replay signal). */
  add(key: string, expiresAtMs: number, now = Date.now()): boolean {
    const existing = this.entries.get(key);
    if (existing !== undefined && existing > now) return false;
    this.entries.set(key, expiresAtMs);
    if (++this.insertsSinceSweep >= 1024) this.sweep(now);
    return true;
  }

  has(key: string, now = Date.now()): boolean {
    const expiry = this.entries.get(key);
    return expiry !== undefined && expiry > now;
  }

  /** Removes and reports a present, unexpired key: single-use tokens. */
  take(key: string, now = Date.now()): boolean {
    const present = this.has(key, now);
    this.entries.delete(key);
    return present;
  }

  get size(): number {
    return this.entries.size;
  }

  sweep(now = Date.now()): void {
    this.insertsSinceSweep = 0;
    for (const [key, expiry] of this.entries) if (expiry <= now) this.entries.delete(key);
  }
}
