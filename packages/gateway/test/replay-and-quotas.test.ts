/**
 * What the adversarial run found open, held shut (issue 10, items 13, 14, 16): replay protection that survives a
 * restart and spans processes, upload quotas that hold across restarts, and a receipts endpoint bounded before it
 * does any expensive work.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { signRequest } from "@ipnft/ai-client/request-signature";
import type { ErrorBody } from "../src/api";
import { createGateway } from "../src/create-gateway";
import { usageMeteringFor } from "../src/metering/usage-receipts";
import { gatewayOnChain, json, ORIGIN, signerOf } from "./setup";
import { startPostgres } from "./support/postgres";

const gzipLike = (size: number) => {
  const bytes = randomBytes(size);
  bytes[0] = 0x1f;
  bytes[1] = 0x8b;
  return bytes;
};

describe("replay protection survives reloads and restarts", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  before(async () => {
    t = await gatewayOnChain();
  });
  after(async () => {
    await t.gateway.close();
  });

  it("refuses a used request signature at a NEW gateway instance over the same database (a restart)", async () => {
    const url = `${ORIGIN}/api/usage`;
    const header = await signRequest(signerOf(t.aiCompany), t.chain.deployment.chainId, url, "GET");
    const first = await t.gateway.handle(new Request(url, { headers: { authorization: header } }));
    assert.equal(first.status, 200);
    await t.swapGateway((config) => createGateway(config));
    const replay = await t.gateway.handle(new Request(url, { headers: { authorization: header } }));
    assert.equal(replay.status, 401);
    assert.equal((await json<ErrorBody>(replay)).error, "replayed_signature");
  });
});

describe("replay protection spans gateway processes sharing PostgreSQL", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let postgres: Awaited<ReturnType<typeof startPostgres>>;
  before(async () => {
    postgres = await startPostgres();
    t = await gatewayOnChain({ database: { url: postgres.url } });
  });
  after(async () => {
    await t?.gateway.close();
    await postgres?.stop();
  });

  it("refuses a request signature used at one gateway process when it is replayed at a second process", async () => {
    const url = `${ORIGIN}/api/usage`;
    const header = await signRequest(signerOf(t.aiCompany), t.chain.deployment.chainId, url, "GET");
    const first = await t.gateway.handle(new Request(url, { headers: { authorization: header } }));
    assert.equal(first.status, 200);
    const script = fileURLToPath(new URL("./support/second-gateway.ts", import.meta.url));
    const input = {
      deployment: t.chain.deployment,
      dataDir: t.dataDir,
      databaseUrl: postgres.url,
      url,
      authorization: header,
    };
    const child = spawnSync(process.execPath, ["--import", "tsx", script, JSON.stringify(input)], {
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.equal(child.status, 0, child.stderr);
    const answer = JSON.parse(child.stdout) as { status: number; body: ErrorBody };
    assert.equal(answer.status, 401);
    assert.equal(answer.body.error, "replayed_signature");
  });
});

describe("uploads have a quota", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  before(async () => {
    t = await gatewayOnChain({ uploadQuota: { bytesPerDay: 3_000, perMinute: 4 } });
  });
  after(async () => {
    await t.gateway.close();
  });

  it("refuses an account's upload past its bytes per day with 429 and Retry-After, also after a restart", async () => {
    assert.equal((await t.upload(t.artist, gzipLike(1_200), "application/gzip")).status, 201);
    assert.equal((await t.upload(t.artist, gzipLike(1_200), "application/gzip")).status, 201);
    await t.swapGateway((config) => createGateway(config));
    const over = await t.upload(t.artist, gzipLike(1_200), "application/gzip");
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers.get("retry-after")) > 0, "Retry-After names when the quota resets");
    assert.equal((await json<ErrorBody>(over)).error, "upload_quota_exceeded");
    // another account has its own quota
    assert.equal((await t.upload(t.fan, gzipLike(1_200), "application/gzip")).status, 201);
  });

  it("refuses an account's uploads past its requests per minute with 429 and Retry-After", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await t.upload(t.aiCompany, gzipLike(100), "application/gzip")).status);
    assert.deepEqual(statuses.slice(0, 4), [201, 201, 201, 201]);
    assert.deepEqual(statuses.slice(4), [429, 429]);
    const limited = await t.upload(t.aiCompany, gzipLike(100), "application/gzip");
    assert.equal((await json<ErrorBody>(limited)).error, "too_many_requests");
    assert.ok(Number(limited.headers.get("retry-after")) > 0);
  });
});

describe("the receipts endpoint cannot stall the gateway", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  before(async () => {
    t = await gatewayOnChain({ receiptLimits: { perRequest: 16, postsPerMinute: 5, maxBodyBytes: 8 * 1024 } });
    const metering = usageMeteringFor({ deployment: t.chain.deployment, client: t.chain.publicClient as never });
    await t.swapGateway((config) => createGateway({ ...config, metering }));
  });
  after(async () => {
    await t.gateway.close();
  });

  const junk = (n: number) => ({
    receipts: Array.from({ length: n }, (_, i) => ({
      licenseId: String(i + 1),
      cumulativeUnits: "5",
      signature: `0x${randomBytes(65).toString("hex")}`,
    })),
  });
  const post = (body: string, as = t.fan) =>
    t.call("/api/usage/receipts", { as, method: "POST", headers: { "content-type": "application/json" }, body });

  it("refuses more receipts per request than the cap with 413 and a JSON reason", async () => {
    const response = await post(JSON.stringify(junk(17)));
    assert.equal(response.status, 413);
    assert.equal((await json<ErrorBody>(response)).error, "receipts_too_large");
  });

  it("refuses a body over the size bound with 413 before reading it all", async () => {
    const response = await post(JSON.stringify({ receipts: [], padding: "x".repeat(20_000) }), t.artist);
    assert.equal(response.status, 413);
    assert.equal((await json<ErrorBody>(response)).error, "receipts_too_large");
  });

  it("refuses receipts for licenses the signer has no usage under without recovering their signatures", async () => {
    const response = await post(JSON.stringify(junk(16)), t.aiCompany);
    assert.equal(response.status, 200);
    const { results } = await json<{ results: Array<{ error?: string }> }>(response);
    assert.equal(results.length, 16);
    // forged_receipt would mean a signature was recovered first
    assert.ok(
      results.every((r) => r.error === "unknown_usage"),
      JSON.stringify(results),
    );
  });

  it("refuses an account's receipt posts past its rate per minute with 429 and Retry-After", async () => {
    const statuses: number[] = [];
    const caller = t.chain.wallets[6];
    for (let i = 0; i < 7; i++) statuses.push((await post(JSON.stringify(junk(1)), caller)).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    const limited = await post(JSON.stringify(junk(1)), caller);
    assert.ok(Number(limited.headers.get("retry-after")) > 0);
    assert.equal((await json<ErrorBody>(limited)).error, "too_many_requests");
  });
});
