import { describe, expect, it } from "vitest";
import { loadSigner, makeDevelopmentIdentity } from "./certificate";
import { licensedCopyCache } from "./sign";

describe("the gateway's C2PA signer", () => {
  it("returns a COSE_Sign1 exactly the size it reserved, whatever the claim's length", async () => {
    const { signer } = await loadSigner(await makeDevelopmentIdentity());
    for (const length of [0, 1, 300, 5000]) {
      const cose = await signer.sign(new Uint8Array(length).fill(7));
      expect(cose.length).toBe(signer.reserveSize);
      expect(cose[0]).toBe(0xd2); // CBOR tag 18: COSE_Sign1
    }
  });

  it("refuses a key file that is not a P-256 PKCS#8 key, and a chain without a certificate", async () => {
    const identity = await makeDevelopmentIdentity();
    await expect(loadSigner({ ...identity, keyPem: identity.chainPem })).rejects.toThrow(/P-256|private key/);
    await expect(loadSigner({ ...identity, chainPem: "not a certificate" })).rejects.toThrow(/no PEM certificate/);
  });
});

describe("the cache of licensed copies", () => {
  const bytes = (n: number) => new Uint8Array(n);

  it("signs a (file, license, licensee) once, and concurrent requests share that signing", async () => {
    const cache = licensedCopyCache();
    let signings = 0;
    const sign = async () => {
      signings++;
      return bytes(10);
    };
    const [a, b] = await Promise.all([cache.get("k", sign), cache.get("k", sign)]);
    expect(signings).toBe(1);
    expect(a.copy).toBe(b.copy);
    expect((await cache.get("k", sign)).cached).toBe(true);
  });

  it("drops the least recently used copies past its byte budget, and forgets a signing that failed", async () => {
    const cache = licensedCopyCache(25);
    await cache.get("a", async () => bytes(10));
    await cache.get("b", async () => bytes(10));
    await cache.get("a", async () => bytes(10)); // a is now the most recent
    await cache.get("c", async () => bytes(10)); // 30 > 25: b goes
    expect((await cache.get("a", async () => bytes(10))).cached).toBe(true);
    expect((await cache.get("b", async () => bytes(10))).cached).toBe(false);
    await expect(cache.get("x", async () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect((await cache.get("x", async () => bytes(1))).cached).toBe(false);
  });
});
