import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, describe, it } from "node:test";
import { signRequest } from "@ipnft/ai-client/request-signature";
import { licenseTokenAbi } from "@ipnft/protocol/abis";
import { parseEther } from "viem";
import { createSiweMessage } from "viem/siwe";
import type { LicensesAnswer, NonceAnswer, UploadAnswer } from "../src/api";
import { gatewayOnChain, json, ORIGIN, Preset, signerOf, type Wallet } from "./setup";

const gzipLike = (size: number) => {
  const bytes = randomBytes(size);
  bytes[0] = 0x1f;
  bytes[1] = 0x8b;
  return bytes;
};

describe("browser sessions, machine-readable licenses and the licensee's view", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let ipId: bigint;
  let bigId: bigint;
  let unlicensedId: bigint;
  let license: bigint;

  before(async () => {
    t = await gatewayOnChain({ recheckEveryMs: 0 });
    const up = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(10_000), "application/gzip"));
    ipId = await t.register(t.artist, up, [Preset.AiTrainingFlatFee, Preset.CommercialRemix]);
    const big = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(4 * 1024 * 1024), "application/gzip"));
    bigId = await t.register(t.artist, big, [Preset.AiTrainingFlatFee]);
    const other = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(1000), "application/gzip"));
    unlicensedId = await t.register(t.artist, other, [Preset.NoAiTraining]);
    await t.fund(t.aiCompany);
    license = await t.buyLicense(t.aiCompany, ipId, Preset.AiTrainingFlatFee, parseEther("100"));
    await t.buyLicense(t.aiCompany, bigId, Preset.AiTrainingFlatFee, parseEther("100"));
  });

  async function signIn(wallet: Wallet, overrides: { domain?: string } = {}): Promise<Response> {
    const { nonce } = await json<NonceAnswer>(await t.call("/api/auth/nonce"));
    const message = createSiweMessage({
      address: wallet.account.address,
      chainId: t.chain.deployment.chainId,
      domain: overrides.domain ?? new URL(ORIGIN).host,
      nonce,
      uri: ORIGIN,
      version: "1",
    });
    const signature = await wallet.signMessage({ account: wallet.account, message });
    return t.call("/api/auth/siwe", {
      method: "POST",
      body: JSON.stringify({ message, signature }),
      headers: { "content-type": "application/json" },
    });
  }

  it("signs a browser in with SIWE, downloads with the session cookie, and signs out", async () => {
    const signedIn = await signIn(t.aiCompany);
    assert.equal(signedIn.status, 200);
    const cookie = signedIn.headers.get("set-cookie")!.split(";")[0];
    const download = await t.call(`/api/works/${ipId}/content?use=training`, { headers: { cookie } });
    assert.equal(download.status, 200);
    assert.equal((await download.arrayBuffer()).byteLength, 10_000);

    const out = await t.call("/api/auth/logout", { method: "POST", headers: { cookie } });
    assert.equal(out.status, 200);
    const after = await t.call(`/api/works/${ipId}/content?use=training`, { headers: { cookie } });
    assert.equal(after.status, 401);
  });

  it("refuses a SIWE message for another site", async () => {
    const response = await signIn(t.aiCompany, { domain: "evil.example" });
    assert.equal(response.status, 401);
    assert.equal((await json(response)).error, "siwe_rejected");
  });

  it("publishes RSL, TDMRep and robots.txt generated from the on-chain terms", async () => {
    const rsl = await t.call(`/api/works/${ipId}/license.rsl`);
    assert.equal(rsl.headers.get("content-type"), "application/rsl+xml; charset=utf-8");
    const xml = await rsl.text();
    assert.match(xml, /<permits type="usage">ai-train<\/permits>/);
    assert.match(xml, new RegExp(`termsId="${Preset.AiTrainingFlatFee}"`));
    assert.match(xml, new RegExp(`upfrontFee="${parseEther("100")}"`));
    assert.match(xml, new RegExp(`termsId="${Preset.CommercialRemix}"`));

    const noTraining = await (await t.call(`/api/works/${unlicensedId}/license.rsl`)).text();
    assert.match(noTraining, /<prohibits type="usage">ai-train<\/prohibits>/);

    const wellKnown = await json<Array<Record<string, unknown>>>(await t.call("/.well-known/tdmrep.json"));
    assert.deepEqual(
      wellKnown.find((e) => e.location === `/api/works/${ipId}/content`),
      {
        location: `/api/works/${ipId}/content`,
        "tdm-reservation": 1,
        "tdm-policy": `${ORIGIN}/api/works/${ipId}/tdm-policy.json`,
      },
    );
    assert.deepEqual(
      wellKnown.find((e) => e.location === `/api/works/${unlicensedId}/content`),
      {
        location: `/api/works/${unlicensedId}/content`,
        "tdm-reservation": 1,
      },
    );
    const policy = await json<{ permission: Array<{ action: string }> }>(
      await t.call(`/api/works/${ipId}/tdm-policy.json`),
    );
    assert.equal(policy.permission[0].action, "tdm:mine");
    assert.equal((await t.call(`/api/works/${unlicensedId}/tdm-policy.json`)).status, 404);

    const robots = await (await t.call("/robots.txt")).text();
    assert.match(robots, new RegExp(`^License: ${ORIGIN}/api/license.rsl$`, "m"));
    const site = await (await t.call("/api/license.rsl")).text();
    assert.equal(site.match(/<content /g)?.length, 3);

    const terms = await t.call(`/api/works/${ipId}/terms`);
    assert.equal(terms.headers.get("tdm-reservation"), "1");
    assert.equal(terms.headers.get("tdm-policy"), `${ORIGIN}/api/works/${ipId}/tdm-policy.json`);
  });

  it("follows a stopped sale: the RSL no longer offers terms whose sales the owner stopped", async () => {
    await t.wait(
      await t.artist.writeContract({
        address: t.contracts.LicenseToken,
        abi: licenseTokenAbi,
        functionName: "stopSales",
        args: [ipId, Preset.CommercialRemix],
      }),
    );
    const xml = await (await t.call(`/api/works/${ipId}/license.rsl`)).text();
    assert.doesNotMatch(xml, new RegExp(`termsId="${Preset.CommercialRemix}"`));
  });

  it("lists the works a key is licensed for, with the license, terms and where to download", async () => {
    const response = await t.call("/api/licenses", { as: t.aiCompany });
    assert.equal(response.status, 200);
    const body = await json<LicensesAnswer>(response);
    const mine = body.licenses.find((l) => l.licenseId === license.toString());
    assert.ok(mine);
    assert.equal(mine.ipId, ipId.toString());
    assert.equal(mine.grants.training, true);
    assert.equal(mine.work?.contentUrl, `${ORIGIN}/api/works/${ipId}/content`);
    assert.equal(body.licenses.length, 2);
    const fans = await json<{ licenses: unknown[] }>(await t.call("/api/licenses", { as: t.fan }));
    assert.deepEqual(fans.licenses, []);
  });

  it("cuts a download short when the license expires in the middle of it", async () => {
    const response = await t.call(`/api/works/${bigId}/content?use=training`, { as: t.aiCompany });
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    assert.ok(first.value && first.value.length > 0);
    // The license expires while the client is still reading.
    await t.chain.networkHelpers.time.increase(366 * 24 * 3600);
    let received = first.value.length;
    await assert.rejects(async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.length;
      }
    }, /access to IP .* ended during the download/);
    assert.ok(received < 4 * 1024 * 1024, `only part of the file was sent (${received} bytes)`);
  });
});

describe("a gateway that answers under several origins (127.0.0.1 and localhost in development)", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  before(async () => {
    t = await gatewayOnChain({ publicOrigin: "http://127.0.0.1:3000,http://localhost:3000" });
  });

  async function signInAt(host: string, domain: string): Promise<Response> {
    const { nonce } = await json<NonceAnswer>(await t.call("/api/auth/nonce"));
    const message = createSiweMessage({
      address: t.aiCompany.account.address,
      chainId: t.chain.deployment.chainId,
      domain,
      nonce,
      uri: `http://${domain}`,
      version: "1",
    });
    const signature = await t.aiCompany.signMessage({ account: t.aiCompany.account, message });
    return t.call("/api/auth/siwe", {
      method: "POST",
      body: JSON.stringify({ message, signature }),
      headers: { "content-type": "application/json", host },
    });
  }

  it("signs in a browser that opened the app as localhost, with a message naming localhost", async () => {
    assert.equal((await signInAt("localhost:3000", "localhost:3000")).status, 200);
  });

  it("signs in a browser that opened the app as 127.0.0.1, with a message naming 127.0.0.1", async () => {
    assert.equal((await signInAt("127.0.0.1:3000", "127.0.0.1:3000")).status, 200);
  });

  it("refuses a message naming another site, even when the request claims to come to that site", async () => {
    const response = await signInAt("evil.example", "evil.example");
    assert.equal(response.status, 401);
    assert.equal((await json(response)).error, "siwe_rejected");
  });

  /** A headless request signed for `signedFor`, arriving at the server as Next reports it (`arrivesAs`), with the client's Host. */
  async function headless(signedFor: string, arrivesAs: string, host: string): Promise<Response> {
    const signature = await signRequest(
      signerOf(t.aiCompany),
      t.chain.deployment.chainId,
      `${signedFor}/api/licenses`,
      "GET",
    );
    return t.gateway.handle(new Request(`${arrivesAs}/api/licenses`, { headers: { authorization: signature, host } }));
  }

  it("accepts a headless request signed for 127.0.0.1 that Next reports as arriving at localhost", async () => {
    assert.equal((await headless("http://127.0.0.1:3000", "http://localhost:3000", "127.0.0.1:3000")).status, 200);
  });

  it("refuses a request signed for another gateway, whatever Host it claims", async () => {
    const response = await headless("http://evil.example", "http://localhost:3000", "evil.example");
    assert.equal(response.status, 401);
    assert.equal((await json(response)).error, "forged_signature");
  });
});
