import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, describe, it } from "node:test";
import { superTokenAbi, usageMeterAbi } from "@ipnft/protocol/abis";
import { usageReceiptTypedData } from "@ipnft/protocol/verbs/usage";
import { type Address, parseEther } from "viem";
import type { MeteredUsage, OnWire, UploadAnswer, UsageReceiptRequired } from "../src/api";
import { createContentStore } from "../src/content/store";
import { createGateway } from "../src/create-gateway";
import { usageMeteringFor } from "../src/metering/usage-receipts";
import { gatewayOnChain, json, type Wallet } from "./setup";

const gzipLike = (size: number) => {
  const bytes = randomBytes(size);
  bytes[0] = 0x1f;
  bytes[1] = 0x8b;
  return bytes;
};

describe("metering: usage records and signed cumulative receipts", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let ipId: bigint;
  let license: bigint;
  let fileSize: number;
  let meterAddress: Address;
  // The tests hand metering a wallet directly; a served gateway settles with its own key (server.ts, settlementWallet).
  const meteringFor = () =>
    usageMeteringFor({
      deployment: t.chain.deployment,
      client: t.chain.publicClient as never,
      settler: t.chain.wallets[0] as never,
    })!;

  before(async () => {
    // The metering hook needs `t`, so the gateway is made once the chain exists.
    t = await gatewayOnChain();
    meterAddress = t.contracts.UsageMeter;
    await t.swapGateway((config) => createGateway({ ...config, metering: meteringFor() }));

    // Metered AI-training terms: 0.01 per file, at most 2 files served without a signed receipt.
    const termsId = await t.meteredTerms({ maxUnpaidUnits: 2n, legalTextURI: "urn:ipnft:terms:test-metered:v1" });

    fileSize = 100_000;
    const up = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(fileSize), "application/gzip"));
    ipId = await t.register(t.artist, up, [termsId]);
    await t.fund(t.aiCompany);
    license = await t.buyLicense(t.aiCompany, ipId, termsId, 0n);
  });

  const download = (headers: Record<string, string> = {}) =>
    t.call(`/api/works/${ipId}/content?use=training`, { as: t.aiCompany, headers });
  const usage = async (as: Wallet = t.aiCompany) =>
    (await json<OnWire<MeteredUsage>>(await t.call("/api/usage", { as }))).usage;
  async function sign(as: Wallet, units: bigint) {
    const signature = await as.signTypedData({
      account: as.account,
      ...usageReceiptTypedData(t.chain.deployment, {
        licenseId: license,
        licensee: as.account.address,
        cumulativeUnits: units,
      }),
    });
    return t.call("/api/usage/receipts", {
      as,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        receipts: [{ licenseId: license.toString(), cumulativeUnits: units.toString(), signature }],
      }),
    });
  }

  it("turns every served file into a usage record; a range counts by the bytes it carries", async () => {
    const whole = await download();
    assert.equal(whole.status, 200);
    await whole.arrayBuffer();
    const half = await download({ range: `bytes=0-${fileSize / 2 - 1}` });
    assert.equal(half.status, 206);
    await half.arrayBuffer();
    const [row] = await usage();
    assert.equal(row.licenseId, license.toString());
    assert.equal(row.files, 2);
    assert.equal(row.units, "2"); // 1.5 files' worth of bytes, rounded up
    assert.equal(row.metered, true);
    assert.ok(row.receiptToSign, "the gateway hands out the receipt to sign");
  });

  it("refuses more files once unsigned usage reaches the terms' bound, with the receipt to sign", async () => {
    const response = await download();
    assert.equal(response.status, 402);
    const body = await json<OnWire<UsageReceiptRequired>>(response);
    assert.equal(body.error, "usage_receipt_required");
    assert.equal(body.cumulativeUnits, "2");
    assert.equal(body.receipt.primaryType, "UsageReceipt");
  });

  it("rejects a receipt signed by another wallet, and one for more than was served", async () => {
    const forged = await json<{ results: Array<{ error: string }> }>(await sign(t.fan, 2n));
    assert.equal(forged.results[0].error, "unknown_usage"); // the fan has no usage under this license
    const signature = await t.fan.signTypedData({
      account: t.fan.account,
      ...usageReceiptTypedData(t.chain.deployment, {
        licenseId: license,
        licensee: t.fan.account.address,
        cumulativeUnits: 2n,
      }),
    });
    const claimed = await t.call("/api/usage/receipts", {
      as: t.aiCompany,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ receipts: [{ licenseId: license.toString(), cumulativeUnits: "2", signature }] }),
    });
    assert.equal((await json<{ results: Array<{ error: string }> }>(claimed)).results[0].error, "forged_receipt");
    const tooMuch = await json<{ results: Array<{ error: string }> }>(await sign(t.aiCompany, 3n));
    assert.equal(tooMuch.results[0].error, "receipt_exceeds_usage");
  });

  it("keeps refusing while signed usage is unpaid: a receipt the meter cannot collect on does not reopen the bound", async () => {
    // Signed, but the licensee has not let the meter charge it: settling leaves the units as debt on chain.
    const accepted = await json<{ results: Array<{ accepted: boolean }> }>(await sign(t.aiCompany, 1n));
    assert.equal(accepted.results[0].accepted, true);
    const refused = await download();
    assert.equal(refused.status, 402);
    const unpaid = await t.chain.publicClient.readContract({
      address: meterAddress,
      abi: usageMeterAbi,
      functionName: "unpaidUnits",
      args: [license, t.aiCompany.account.address],
    });
    assert.equal(unpaid, 1n, "the settled, uncollected unit is the chain's debt");
  });

  it("accepts the licensee's signed receipt and serves again once it is paid; a replayed receipt changes nothing", async () => {
    // The licensee lets the meter charge its SuperTokens, as the terms' metering requires, and pays its debt.
    await t.wait(
      await t.aiCompany.writeContract({
        address: t.chain.deployment.currency.superToken,
        abi: superTokenAbi,
        functionName: "approve",
        args: [meterAddress, parseEther("10")],
      }),
    );
    await t.wait(
      await t.aiCompany.writeContract({
        address: meterAddress,
        abi: usageMeterAbi,
        functionName: "payOutstanding",
        args: [license, t.aiCompany.account.address],
      }),
    );
    const accepted = await json<{ results: Array<{ accepted: boolean }> }>(await sign(t.aiCompany, 2n));
    assert.equal(accepted.results[0].accepted, true);
    const replay = await json<{ results: Array<{ accepted: boolean; error: string }> }>(await sign(t.aiCompany, 2n));
    assert.deepEqual([replay.results[0].accepted, replay.results[0].error], [false, "receipt_not_newer"]);
    const older = await json<{ results: Array<{ error: string }> }>(await sign(t.aiCompany, 1n));
    assert.equal(older.results[0].error, "receipt_not_newer");

    const again = await download();
    assert.equal(again.status, 200);
    await again.arrayBuffer();
    const [row] = await usage();
    assert.equal(row.units, "3");
    assert.equal(row.signedUnits, "2");
  });

  it("keeps usage and unsettled receipts across a restart", async () => {
    await t.swapGateway((config) =>
      createGateway({ ...config, store: createContentStore(t.dataDir), metering: meteringFor() }),
    );
    const [row] = await usage();
    assert.equal(row.units, "3");
    assert.equal(row.signedUnits, "2");
    assert.equal(row.files, 3);
  });

  it("settles signed receipts on chain in a batch: the licensee pays units x price, once", async () => {
    const accepted = await json<{ results: Array<{ accepted: boolean }> }>(await sign(t.aiCompany, 3n));
    assert.equal(accepted.results[0].accepted, true);
    const balance = () =>
      t.chain.publicClient.readContract({
        address: t.chain.deployment.currency.superToken,
        abi: superTokenAbi,
        functionName: "balanceOf",
        args: [t.aiCompany.account.address],
      });
    const before = await balance();
    const result = await t.gateway.metering!.settle();
    assert.equal(result.settled, 1);
    const onChain = await t.chain.publicClient.readContract({
      address: meterAddress,
      abi: usageMeterAbi,
      functionName: "usageOf",
      args: [license, t.aiCompany.account.address],
    });
    assert.deepEqual([onChain.reported, onChain.paid], [3n, 3n]);
    assert.equal(before - (await balance()), 2n * parseEther("0.01"), "the two units settled after the first");

    // Nothing new was signed: a second round sends nothing, and the chain would ignore a replay anyway.
    assert.deepEqual(await t.gateway.metering!.settle(), { settled: 0 });
    const [row] = await usage();
    assert.equal(row.settledUnits, "3");
  });
});
