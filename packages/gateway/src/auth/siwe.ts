import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import { type Address, getAddress, type Hex, type PublicClient, recoverMessageAddress } from "viem";
import { parseSiweMessage, validateSiweMessage } from "viem/siwe";
import type { SignInFailure } from "../api";
import type { GatewayState } from "../db/state";
import { isCanonicalSignature } from "./recover";

/**
 * Sign-In with Ethereum (EIP-4361) for browsers: the gateway hands out a single-use nonce, the wallet
 * signs a SIWE message bound to this gateway's host, chain and nonce, and the gateway answers with a
 * session cookie. The cookie is an HMAC-signed `{account, chainId, expiry, id}`, so sessions survive
 * a restart without a session table; signing out records the id in the gateway's database until it expires.
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
  issueNonce(): Promise<string>;
  signIn(input: { message: string; signature: Hex; host: string; secure: boolean }): Promise<SignInVerdict>;
  /** The session a request's cookie carries, if it is genuine, unexpired and not signed out. */
  session(request: Request): Promise<Session | undefined>;
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

/** Where SIWE nonces and sign-outs are kept: the gateway's database, so both hold across restarts and processes. */
export type SiweStore = Pick<GatewayState, "issueSiweNonce" | "takeSiweNonce" | "revokeSession" | "isRevoked">;

export async function createSiweAuth(options: {
  chainId: number;
  client: PublicClient;
  secret: Buffer;
  store: SiweStore;
  now?: () => number;
}): Promise<SiweAuth> {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const { store } = options;

  const mac = (payload: string) => createHmac("sha256", options.secret).update(payload).digest("base64url");
  const cookieAttributes = (secure: boolean, maxAge: number) =>
    // SameSite=Strict: a download is metered, so another site must not make the browser fetch one.
    `Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;

  return {
    async issueNonce() {
      const nonce = randomBytes(16).toString("hex");
      await store.issueSiweNonce(nonce, Date.now() + NONCE_LIFETIME_MS);
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
      if (!(await store.takeSiweNonce(parsed.nonce, Date.now()))) {
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
      if (!isCanonicalSignature(signature)) {
        return {
          ok: false,
          error: "signature_not_canonical",
          reason: "The signature is not in canonical (low-s, EIP-2) form; sign the message again.",
        };
      }
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

    async session(request) {
      const value = readCookie(request, SESSION_COOKIE);
      if (!value || value.length > 1024) return undefined;
      const [payload, tag] = value.split(".");
      if (!payload || !tag) return undefined;
      const expected = Buffer.from(mac(payload));
      const given = Buffer.from(tag);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      try {
        const session = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Session;
        if (session.chainId !== options.chainId || session.expiresAt <= now()) return undefined;
        if (await store.isRevoked(session.id, now() * 1000)) return undefined;
        return { ...session, account: getAddress(session.account) };
      } catch {
        return undefined;
      }
    },

    async signOut(session) {
      await store.revokeSession(session.id, session.expiresAt * 1000);
    },

    clearCookie(secure) {
      return `${SESSION_COOKIE}=; ${cookieAttributes(secure, 0)}`;
    },
  };
}
