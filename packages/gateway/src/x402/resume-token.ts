import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * How a client resumes a file it paid for with x402. A payment authorization settles once: sending it again is a
 * replay, refused whatever range it asks for. So the answer to a paid request carries a short-lived token (header
 * `X-Paid-File-Token`) naming that payment and that file; a later request for the same file (any `Range`, typically
 * the bytes it is missing after a cut connection) with the token and no payment is served without paying again,
 * while the token lives (10 minutes unless configured) and for at most `maxResumes` requests (16 unless configured).
 *
 * The token is a bearer credential for one file for minutes: HMAC-signed with a key derived from the gateway's
 * session secret (which every gateway sharing a database shares), so any of them accepts it and nobody can mint or
 * edit one; its uses are counted in the database, so gateways share the count.
 */
export interface PaidFileGrant {
  /** The settlement transaction of the payment: one payment, one grant. */
  transaction: string;
  ipId: string;
  cid: string;
  use: string;
  /** The payer (checksummed), whose recorded payment a signed copy names (tokens issued before it lack it). */
  payer?: string;
  /**
   * SHA-256 (0x, lowercase) of the bytes first served under the payment (a signed copy or the original): a resume is
   * a range of those bytes or, if the gateway can no longer serve those, the whole file again (paid-download.ts).
   */
  served?: string;
  /** Expiry, milliseconds since the epoch. */
  expiresAt: number;
}

export interface ResumeTokens {
  issue(grant: Omit<PaidFileGrant, "expiresAt">, nowMs: number): string;
  /** The grant a token carries, if it is genuine and unexpired; else why not, in words. */
  check(token: string, nowMs: number): { ok: true; grant: PaidFileGrant } | { ok: false; reason: string };
}

export function resumeTokens(secret: Buffer, lifetimeMs: number): ResumeTokens {
  const key = createHmac("sha256", secret).update("ipnft x402 paid-file token v1").digest();
  const mac = (payload: string) => createHmac("sha256", key).update(payload).digest();
  return {
    issue(grant, nowMs) {
      const payload = Buffer.from(JSON.stringify({ ...grant, expiresAt: nowMs + lifetimeMs })).toString("base64url");
      return `${payload}.${mac(payload).toString("base64url")}`;
    },
    check(token, nowMs) {
      const [payload, signature, extra] = token.trim().split(".");
      const given = Buffer.from(signature ?? "", "base64url");
      const expected = payload ? mac(payload) : undefined;
      if (extra !== undefined || !expected || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, reason: "The paid-file token is not one this gateway issued." };
      }
      const grant = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as PaidFileGrant;
      if (!(grant.expiresAt > nowMs)) {
        return { ok: false, reason: "The paid-file token has expired: pay for the file again to download it." };
      }
      return { ok: true, grant };
    },
  };
}
