import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPublicClient, custom, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/database";
import { createGatewayState } from "../db/state";
import { freshPgliteDir } from "../db/test-dirs";
import { highSTwin } from "./signature-twin";
import { createSiweAuth, loadSessionSecret, SESSION_COOKIE, type SiweAuth } from "./siwe";

const chainId = 31337;
const host = "127.0.0.1:3000";
const alice = privateKeyToAccount(generatePrivateKey());
const mallory = privateKeyToAccount(generatePrivateKey());

// Signatures of plain accounts are checked by recovery; the chain is only asked about contract
// wallets, which these tests have none of, so a client that cannot reach any chain is enough.
const offlineClient = createPublicClient({
  transport: custom(
    {
      request: async () => {
        throw new Error("no chain in a unit test");
      },
    },
    { retryCount: 0 },
  ),
}) as PublicClient;

// Nonces and sign-outs live in the gateway's database: one PGlite for this file, reopened to stand for a restart.
let database: Database;
let dbDir: string;
let cleanupDb: () => Promise<void>;
beforeAll(async () => {
  const fresh = await freshPgliteDir();
  dbDir = fresh.dir;
  cleanupDb = fresh.cleanup;
  database = await openDatabase({ dir: dbDir });
}, 180_000);
afterAll(async () => {
  await database?.close();
  await cleanupDb?.();
});

let stateDir: string;
let clock = 1_800_000_000;
const now = () => clock;
beforeEach(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), "siwe-"));
});
afterEach(() => rm(stateDir, { recursive: true, force: true }));

const makeAuth = async (db = database) =>
  createSiweAuth({
    chainId,
    client: offlineClient,
    secret: await loadSessionSecret(stateDir),
    store: createGatewayState(db.db),
    now,
  });

async function message(auth: SiweAuth, overrides: Partial<Parameters<typeof createSiweMessage>[0]> = {}) {
  return createSiweMessage({
    address: alice.address,
    chainId,
    domain: host,
    nonce: await auth.issueNonce(),
    uri: `http://${host}`,
    version: "1",
    issuedAt: new Date(clock * 1000),
    ...overrides,
  });
}

const cookieOf = (setCookie: string) => setCookie.split(";")[0];
const requestWith = (cookie: string) => new Request(`http://${host}/api/works/1/content`, { headers: { cookie } });

describe("Sign-In with Ethereum", () => {
  it("signs a wallet in and its cookie names the wallet", async () => {
    const auth = await makeAuth();
    const msg = await message(auth);
    const verdict = await auth.signIn({
      message: msg,
      signature: await alice.signMessage({ message: msg }),
      host,
      secure: false,
    });
    if (!verdict.ok) throw new Error(verdict.reason);
    expect(verdict.cookie).toContain("HttpOnly");
    expect(verdict.cookie).toContain("SameSite=Strict");
    expect((await auth.session(requestWith(cookieOf(verdict.cookie))))?.account).toBe(alice.address);
  });

  it("refuses the high-s twin of a valid sign-in signature (only canonical, EIP-2 signatures)", async () => {
    const auth = await makeAuth();
    const msg = await message(auth);
    const signature = highSTwin(await alice.signMessage({ message: msg }));
    expect(await auth.signIn({ message: msg, signature, host, secure: false })).toMatchObject({
      ok: false,
      error: "signature_not_canonical",
    });
  });

  it("refuses a replayed sign-in nonce at another gateway over the same database", async () => {
    const first = await makeAuth();
    const second = await makeAuth();
    const msg = await message(first);
    const signature = await alice.signMessage({ message: msg });
    expect((await first.signIn({ message: msg, signature, host, secure: false })).ok).toBe(true);
    expect(await second.signIn({ message: msg, signature, host, secure: false })).toMatchObject({
      ok: false,
      error: "unknown_nonce",
    });
  });

  it("refuses a message signed by another wallet", async () => {
    const auth = await makeAuth();
    const msg = await message(auth);
    const verdict = await auth.signIn({
      message: msg,
      signature: await mallory.signMessage({ message: msg }),
      host,
      secure: false,
    });
    expect(verdict).toMatchObject({ ok: false, error: "forged_signature" });
  });

  it("refuses a replayed sign-in: each nonce signs in once", async () => {
    const auth = await makeAuth();
    const msg = await message(auth);
    const signature = await alice.signMessage({ message: msg });
    expect((await auth.signIn({ message: msg, signature, host, secure: false })).ok).toBe(true);
    expect(await auth.signIn({ message: msg, signature, host, secure: false })).toMatchObject({
      ok: false,
      error: "unknown_nonce",
    });
  });

  it("refuses a nonce it never issued", async () => {
    const auth = await makeAuth();
    const msg = await message(auth, { nonce: "madeUpNonce123" });
    expect(
      await auth.signIn({ message: msg, signature: await alice.signMessage({ message: msg }), host, secure: false }),
    ).toMatchObject({
      ok: false,
      error: "unknown_nonce",
    });
  });

  it("refuses a message for another site or another chain", async () => {
    const auth = await makeAuth();
    for (const overrides of [{ domain: "evil.example" }, { chainId: 1 }]) {
      const msg = await message(auth, overrides);
      const verdict = await auth.signIn({
        message: msg,
        signature: await alice.signMessage({ message: msg }),
        host,
        secure: false,
      });
      expect(verdict).toMatchObject({ ok: false, error: "siwe_rejected" });
    }
  });

  it("refuses an expired message", async () => {
    const auth = await makeAuth();
    const msg = await message(auth, { expirationTime: new Date((clock - 1) * 1000) });
    const verdict = await auth.signIn({
      message: msg,
      signature: await alice.signMessage({ message: msg }),
      host,
      secure: false,
    });
    expect(verdict).toMatchObject({ ok: false, error: "siwe_rejected" });
  });

  it("ignores a forged or tampered cookie", async () => {
    const auth = await makeAuth();
    const msg = await message(auth);
    const verdict = await auth.signIn({
      message: msg,
      signature: await alice.signMessage({ message: msg }),
      host,
      secure: false,
    });
    if (!verdict.ok) throw new Error(verdict.reason);
    const [payload, tag] = cookieOf(verdict.cookie).split("=")[1].split(".");
    const other = Buffer.from(JSON.stringify({ ...verdict.session, account: mallory.address })).toString("base64url");
    expect(await auth.session(requestWith(`${SESSION_COOKIE}=${other}.${tag}`))).toBeUndefined();
    expect(await auth.session(requestWith(`${SESSION_COOKIE}=${payload}.AAAA${tag.slice(4)}`))).toBeUndefined();
  });

  it("ends a session when it expires, and when the wallet signs out, also after a restart", async () => {
    const auth = await makeAuth();
    const msg = await message(auth, { expirationTime: new Date((clock + 100) * 1000) });
    const verdict = await auth.signIn({
      message: msg,
      signature: await alice.signMessage({ message: msg }),
      host,
      secure: false,
    });
    if (!verdict.ok) throw new Error(verdict.reason);
    const request = requestWith(cookieOf(verdict.cookie));
    expect(await auth.session(request)).toBeDefined();

    await auth.signOut(verdict.session);
    expect(await auth.session(request)).toBeUndefined();
    expect(await (await makeAuth()).session(request)).toBeUndefined();
    // a restart: the database closed and opened again still knows the sign-out
    await database.close();
    database = await openDatabase({ dir: dbDir });
    expect(await (await makeAuth()).session(request)).toBeUndefined();

    const restarted = await makeAuth();
    const msg2 = await message(restarted, { expirationTime: new Date((clock + 100) * 1000) });
    const second = await restarted.signIn({
      message: msg2,
      signature: await alice.signMessage({ message: msg2 }),
      host,
      secure: false,
    });
    if (!second.ok) throw new Error(second.reason);
    clock += 101;
    expect(await restarted.session(requestWith(cookieOf(second.cookie)))).toBeUndefined();
  });
});
