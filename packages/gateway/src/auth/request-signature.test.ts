import { type Hex, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/database";
import { createGatewayState, type GatewayState } from "../db/state";
import { freshPgliteDir } from "../db/test-dirs";
import {
  createRequestSignatureVerifier,
  encodeAuthorization,
  gatewayRequestTypedData,
  MAX_SIGNATURE_LIFETIME_S,
  requestTarget,
} from "./request-signature";
import { highSTwin } from "./signature-twin";

const chainId = 31337;
const alice = privateKeyToAccount(generatePrivateKey());
const mallory = privateKeyToAccount(generatePrivateKey());
const url = "http://127.0.0.1:3000/api/works/7/content?use=training";

let clock = 1_800_000_000;
const now = () => clock;

// Used nonces live in the gateway's database: one PGlite for this file (nonces are random, so tests do not meet).
let database: Database;
let state: GatewayState;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const fresh = await freshPgliteDir();
  cleanup = fresh.cleanup;
  database = await openDatabase({ dir: fresh.dir });
  state = createGatewayState(database.db);
}, 180_000);
afterAll(async () => {
  await database?.close();
  await cleanup?.();
});

async function signedHeader(options: {
  signer?: typeof alice;
  claimed?: typeof alice;
  target?: string;
  method?: string;
  nonce?: Hex;
  issuedAt?: number;
  expiresAt?: number;
  chain?: number;
}): Promise<string> {
  const signer = options.signer ?? alice;
  const claimed = options.claimed ?? signer;
  const issuedAt = options.issuedAt ?? clock;
  const expiresAt = options.expiresAt ?? issuedAt + 60;
  const nonce = options.nonce ?? toHex(crypto.getRandomValues(new Uint8Array(32)));
  const target = requestTarget(new Request(options.target ?? url));
  const signature = await signer.signTypedData(
    gatewayRequestTypedData(options.chain ?? chainId, {
      account: claimed.address,
      ...target,
      method: options.method ?? "GET",
      nonce,
      issuedAt: BigInt(issuedAt),
      expiresAt: BigInt(expiresAt),
    }),
  );
  return encodeAuthorization({ account: claimed.address, nonce, issuedAt, expiresAt, signature });
}

// Each verifier here is a gateway (re)started over the same database.
const verifier = () => createRequestSignatureVerifier({ chainId, now, nonces: state });

describe("per-request EIP-712 signatures", () => {
  it("accept a fresh signature of this very request and name its signer", async () => {
    const v = verifier();
    expect(await v.verify(new Request(url), await signedHeader({}))).toEqual({ ok: true, account: alice.address });
  });

  it("refuse a replayed signature", async () => {
    const v = verifier();
    const header = await signedHeader({});
    expect((await v.verify(new Request(url), header)).ok).toBe(true);
    expect(await v.verify(new Request(url), header)).toMatchObject({ ok: false, error: "replayed_signature" });
  });

  it("refuse an expired signature", async () => {
    const v = verifier();
    const header = await signedHeader({ issuedAt: clock, expiresAt: clock + 10 });
    clock += 11;
    expect(await v.verify(new Request(url), header)).toMatchObject({ ok: false, error: "signature_expired" });
  });

  it("refuse a signature that claims a long life", async () => {
    const header = await signedHeader({ expiresAt: clock + MAX_SIGNATURE_LIFETIME_S + 1 });
    expect(await verifier().verify(new Request(url), header)).toMatchObject({
      ok: false,
      error: "signature_lifetime_too_long",
    });
  });

  it("refuse a signature made for another wallet", async () => {
    const header = await signedHeader({ signer: mallory, claimed: alice });
    expect(await verifier().verify(new Request(url), header)).toMatchObject({ ok: false, error: "forged_signature" });
  });

  it("refuse a signature moved to another path, query, method, gateway or chain", async () => {
    const cases = [
      await signedHeader({ target: "http://127.0.0.1:3000/api/works/8/content?use=training" }),
      await signedHeader({ target: "http://127.0.0.1:3000/api/works/7/content?use=commercial" }),
      await signedHeader({ method: "POST" }),
      await signedHeader({ target: "http://evil.example/api/works/7/content?use=training" }),
      await signedHeader({ chain: 1 }),
    ];
    for (const header of cases) {
      expect(await verifier().verify(new Request(url), header)).toMatchObject({ ok: false, error: "forged_signature" });
    }
  });

  it("refuse a tampered or garbled header", async () => {
    const good = await signedHeader({});
    const fields = JSON.parse(Buffer.from(good.split(" ")[1], "base64url").toString());
    const tampered = encodeAuthorization({ ...fields, expiresAt: fields.expiresAt + 5 });
    const v = verifier();
    expect(await v.verify(new Request(url), tampered)).toMatchObject({ ok: false, error: "forged_signature" });
    for (const garbled of [
      "EIP712",
      "EIP712 not-base64!",
      "Bearer abc",
      `EIP712 ${Buffer.from("{}").toString("base64url")}`,
    ]) {
      expect(await v.verify(new Request(url), garbled)).toMatchObject({ ok: false, error: "malformed_signature" });
    }
  });

  it("refuse a replay at a gateway restarted over the same database, also with the database reopened", async () => {
    const header = await signedHeader({ issuedAt: clock - 5 });
    expect(await verifier().verify(new Request(url), header)).toMatchObject({ ok: true });
    expect(await verifier().verify(new Request(url), header)).toMatchObject({ ok: false, error: "replayed_signature" });
    const fresh = await freshPgliteDir();
    const first = await openDatabase({ dir: fresh.dir });
    const header2 = await signedHeader({});
    const v1 = createRequestSignatureVerifier({ chainId, now, nonces: createGatewayState(first.db) });
    expect(await v1.verify(new Request(url), header2)).toMatchObject({ ok: true });
    await first.close();
    const reopened = await openDatabase({ dir: fresh.dir });
    const v2 = createRequestSignatureVerifier({ chainId, now, nonces: createGatewayState(reopened.db) });
    expect(await v2.verify(new Request(url), header2)).toMatchObject({ ok: false, error: "replayed_signature" });
    await reopened.close();
    await fresh.cleanup();
  });

  it("refuse the high-s twin of a valid signature (only canonical, EIP-2 signatures)", async () => {
    const header = await signedHeader({});
    const fields = JSON.parse(Buffer.from(header.split(" ")[1], "base64url").toString());
    const twin = encodeAuthorization({ ...fields, signature: highSTwin(fields.signature) });
    expect(await verifier().verify(new Request(url), twin)).toMatchObject({
      ok: false,
      error: "signature_not_canonical",
    });
    // the low-s original is still good: the twin did not use up its nonce
    expect(await verifier().verify(new Request(url), header)).toMatchObject({ ok: true });
  });

  it("do not let a forgery burn the genuine signer's nonce", async () => {
    const v = verifier();
    const nonce = toHex(crypto.getRandomValues(new Uint8Array(32)));
    expect((await v.verify(new Request(url), await signedHeader({ signer: mallory, claimed: alice, nonce }))).ok).toBe(
      false,
    );
    expect((await v.verify(new Request(url), await signedHeader({ nonce }))).ok).toBe(true);
  });
});

describe("signer recovery", () => {
  it("uses libsecp256k1 and agrees with viem's pure-JS recovery", async () => {
    const { nativeRecovery, recoverSigner } = await import("./recover");
    const { hashTypedData, recoverAddress } = await import("viem");
    expect(nativeRecovery).toBe(true);
    for (let i = 0; i < 5; i++) {
      const account = privateKeyToAccount(generatePrivateKey());
      const typedData = gatewayRequestTypedData(chainId, {
        account: account.address,
        gateway: "http://127.0.0.1:3000",
        method: "GET",
        path: `/api/works/${i}/content`,
        nonce: toHex(crypto.getRandomValues(new Uint8Array(32))),
        issuedAt: 1n,
        expiresAt: 2n,
      });
      const signature = await account.signTypedData(typedData);
      const digest = hashTypedData(typedData);
      expect(await recoverSigner(digest, signature)).toBe(account.address);
      expect(await recoverSigner(digest, signature)).toBe(await recoverAddress({ hash: digest, signature }));
    }
  });
});

describe("the request digest", () => {
  it("is exactly EIP-712's hashTypedData of the request", async () => {
    const { hashTypedData } = await import("viem");
    const { gatewayRequestDigest } = await import("./request-signature");
    for (const chain of [1, 31337]) {
      const message = {
        account: alice.address,
        gateway: "https://gallery.example",
        method: "GET",
        path: "/api/works/12/content?use=commercial&x=ü",
        nonce: toHex(crypto.getRandomValues(new Uint8Array(32))),
        issuedAt: 1_800_000_000n,
        expiresAt: 1_800_000_120n,
      };
      expect(gatewayRequestDigest(chain, message)).toBe(hashTypedData(gatewayRequestTypedData(chain, message)));
    }
  });
});

describe("the verifier a server builds lazily, on its first request", () => {
  it("accepts a request signed after the process started but before the verifier was built", async () => {
    const signedAt = Math.ceil(performance.timeOrigin / 1000);
    const header = await signedHeader({ issuedAt: signedAt, expiresAt: signedAt + 60 });
    // The server builds its verifier later than the request was signed.
    while (Date.now() / 1000 < signedAt + 1.5) await new Promise((resolve) => setTimeout(resolve, 100));
    const built = createRequestSignatureVerifier({ chainId: 31337, nonces: state });
    expect(await built.verify(new Request(url), header)).toMatchObject({ ok: true });
  });

  it("remembers used nonces when the server rebuilds it (a new deployment), so a replay is still refused", async () => {
    const signedAt = Math.floor(Date.now() / 1000);
    const header = await signedHeader({ issuedAt: signedAt, expiresAt: signedAt + 60 });
    const rebuilt = () => createRequestSignatureVerifier({ chainId: 31337, nonces: state });
    expect(await rebuilt().verify(new Request(url), header)).toMatchObject({
      ok: true,
    });
    expect(await rebuilt().verify(new Request(url), header)).toMatchObject({
      ok: false,
      error: "replayed_signature",
    });
  });
});
