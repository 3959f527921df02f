import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { appendFile, mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import { type Address, getAddress, type Hex, type PublicClient, recoverMessageAddress } from "viem";
import { parseSiweMessage, validateSiweMessage } from "viem/siwe";
import type { SignInFailure } from "../api";
import { ExpiringSet } from "./expiring-set";

/**
 * Sign-In with Ethereum (EIP-4361) for browsers: the gateway hands out a single-use nonce, the wallet
 * signs a SIWE message bound to this gateway's host, chain and nonce, and the gateway answers with a
 * session cookie. The cookie is an HMAC-signed `{account, chainId, expiry, id}`, so sessions survive
 * a restart without a session table; signing out revokes the id in a small journal on disk.
 */
export const SESSION_COOKIE = "gw_session";
export const MAX_SESSION_S = 24 * 3600;
const NONCE_LIFETIME_MS = 10 * 60 * 1000;

export interface Session {
  account: Address;
  chainId: number;
  /** Seconds since the epoch. */
  expiresAt: number;
  id: string;
}

export type SignInVerdict =
  | { ok: true; session: Session; cookie: string }
  | { ok: false; error: SignInFailure; reason: string };

export interface SiweAuth {
  issueNonce(): string;
  signIn(input: { message: string; signature: Hex; host: string; secure: boolean }): Promise<SignInVerdict>;
  /** The session a request's cookie carries, if it is genuine, unexpired and not signed out. */
  session(request: Request): Session | undefined;
  signOut(session: Session): Promise<void>;
  clearCookie(secure: boolean): string;
}

/** The HMAC key: the configured secret (`GATEWAY_SESSION_SECRET`), or one made once and kept in the state dir (mode 600). */
export async function loadSessionSecret(stateDir: string, configured?: string): Promise<Buffer> {
  if (configured) return Buffer.from(configured, "utf8");
  const file = path.join(stateDir, "session-secret");
  await mkdir(stateDir, { recursive: true });
  try {
    const handle = await open(file, "wx", 0o600);
    await handle.writeFile(randomBytes(32).toString("hex"));
    await handle.sync();
    await handle.close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return Buffer.from((await readFile(file, "utf8")).trim(), "hex");
}

export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

export async function createSiweAuth(options: {
  chainId: number;
  client: PublicClient;
  secret: Buffer;
  /** Where sign-outs are journaled, so a revoked cookie stays revoked after a restart. */
  stateDir: string;
  now?: () => number;
}): Promise<SiweAuth> {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const nonces = new ExpiringSet();
  const revoked = new ExpiringSet();
  const revocations = path.join(options.stateDir, "revoked-sessions.jsonl");
  await mkdir(options.stateDir, { recursive: true });
  const journal = await readFile(revocations, "utf8").catch(() => "");
  for (const line of journal.split("\n")) {
    if (!line) continue;
    try {
      const { id, expiresAt } = JSON.parse(line) as { id: string; expiresAt: number };
      revoked.add(id, expiresAt * 1000, now() * 1000);
    } catch {
      // a line torn by a crash mid-append: its sign-out was never acknowledged
    }
  }

  const mac = (payload: string) => createHmac("sha256", options.secret).update(payload).digest("base64url");
  const cookieAttributes = (secure: boolean, maxAge: number) =>
    // SameSite=Strict: a download is metered, so another site must not make the browser fetch one.
    `Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;

  return {
    issueNonce() {
      const nonce = randomBytes(16).toString("hex");
      nonces.add(nonce, Date.now() + NONCE_LIFETIME_MS);
      return nonce;
    },

    async signIn({ message, signature, host, secure }) {
      let parsed: ReturnType<typeof parseSiweMessage>;
      try {
        parsed = parseSiweMessage(message);
      } catch {
        return { ok: false, error: "malformed_siwe", reason: "The sign-in message is not an EIP-4361 message." };
      }
      if (!parsed.address || !parsed.nonce || !parsed.domain || parsed.chainId === undefined) {
        return {
          ok: false,
          error: "malformed_siwe",
          reason: "The sign-in message lacks its address, domain, chain or nonce.",
        };
      }
      if (parsed.domain !== host) {
        return {
          ok: false,
          error: "siwe_rejected",
          reason: `The message signs in to ${parsed.domain}, not to ${host}.`,
        };
      }
      if (parsed.chainId !== options.chainId) {
        return {
          ok: false,
          error: "siwe_rejected",
          reason: `The message is for chain ${parsed.chainId}; this gateway serves chain ${options.chainId}.`,
        };
      }
      // A nonce is spent by its first use, good or bad: a captured message can never be tried twice.
      if (!nonces.take(parsed.nonce)) {
        return {
          ok: false,
          error: "unknown_nonce",
          reason: "The sign-in nonce is unknown, used or expired; ask for a new one.",
        };
      }
      if (!validateSiweMessage({ message: parsed, domain: host, nonce: parsed.nonce, time: new Date(now() * 1000) })) {
        return { ok: false, error: "siwe_rejected", reason: "The sign-in message has expired or is not valid yet." };
      }
      const claimed = getAddress(parsed.address);
      // Plain accounts are checked by recovery, without a round trip; only if that fails is the chain
      // asked, so contract wallets (ERC-1271 / ERC-6492) can sign in too.
      const recovered = await recoverMessageAddress({ message, signature }).catch(() => undefined);
      const valid =
        recovered === claimed ||
        (await options.client.verifyMessage({ address: claimed, message, signature }).catch(() => false));
      if (!valid) {
        return {
          ok: false,
          error: "forged_signature",
          reason: `The signature is not ${claimed}'s signature of this sign-in message.`,
        };
      }
      const account = getAddress(parsed.address);
      const messageExpiry = parsed.expirationTime ? Math.floor(parsed.expirationTime.getTime() / 1000) : Infinity;
      const expiresAt = Math.min(now() + MAX_SESSION_S, messageExpiry);
      const session: Session = {
        account,
        chainId: options.chainId,
        expiresAt,
        id: randomBytes(12).toString("base64url"),
      };
      const payload = Buffer.from(JSON.stringify(session)).toString("base64url");
      const cookie = `${SESSION_COOKIE}=${payload}.${mac(payload)}; ${cookieAttributes(secure, expiresAt - now())}`;
      return { ok: true, session, cookie };
    },

    session(request) {
      const value = readCookie(request, SESSION_COOKIE);
      if (!value || value.length > 1024) return undefined;
      const [payload, tag] = value.split(".");
      if (!payload || !tag) return undefined;
      const expected = Buffer.from(mac(payload));
      const given = Buffer.from(tag);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      try {
        const session = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Session;
        if (session.chainId !== options.chainId || session.expiresAt <= now() || revoked.has(session.id, now() * 1000))
          return undefined;
        return { ...session, account: getAddress(session.account) };
      } catch {
        return undefined;
      }
    },

    async signOut(session) {
      revoked.add(session.id, session.expiresAt * 1000, now() * 1000);
      await appendFile(revocations, `${JSON.stringify({ id: session.id, expiresAt: session.expiresAt })}\n`);
    },

    clearCookie(secure) {
      return `${SESSION_COOKIE}=; ${cookieAttributes(secure, 0)}`;
    },
  };
}
