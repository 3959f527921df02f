/**
 * Metered usage held to what was sold (issue 10, items 12 and 15): the unpaid bound holds when downloads race, and
 * usage belongs to the account that made the requests, not to whoever holds the license later.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, describe, it } from "node:test";
import { licenseTokenAbi } from "@ipnft/protocol/abis";
import { usageReceiptTypedData } from "@ipnft/protocol/verbs";
import type { ErrorBody, MeteredUsage, OnWire, UploadAnswer } from "../src/api";
import { createGateway } from "../src/create-gateway";
import { usageMeteringFor } from "../src/metering/usage-receipts";
import { gatewayOnChain, json, type Wallet } from "./setup";

const gzipLike = (size: number) => {
  const bytes = randomBytes(size);
  bytes[0] = 0x1f;
  bytes[1] = 0x8b;
  return bytes;
};

describe("metered usage under concurrency and transfer", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let ipId: bigint;
  let termsId: bigint;

  before(async () => {
    t = await gatewayOnChain();
    // No settlement on a timer: these tests settle nothing, so what is unpaid stays unpaid.
    const metering = usageMeteringFor({ deployment: t.chain.deployment, client: t.chain.publicClient as never });
    await t.swapGateway((config) => createGateway({ ...config, metering }));
    termsId = await t.meteredTerms({
      transferable: true,
      maxUnpaidUnits: 3n,
      legalTextURI: "urn:ipnft:terms:test-metered-transferable:v1",
    });
    const up = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(50_000), "application/gzip"));
    ipId = await t.register(t.artist, up, [termsId]);
  });

  const download = (as: Wallet) => t.call(`/api/works/${ipId}/content?use=training`, { as });
  const usage = async (as: Wallet) => (await json<OnWire<MeteredUsage>>(await t.call("/api/usage", { as }))).usage;

  it("serves at most maxUnpaidUnits of 15 parallel downloads on a metered license", async () => {
    const buyer = t.chain.wallets[5];
    await t.buyLicense(buyer, ipId, termsId, 0n);
    const answers = await Promise.all(
      Array.from({ length: 15 }, async () => {
        const response = await download(buyer);
        if (response.status === 200) await response.arrayBuffer();
        else await response.body?.cancel();
        return response.status;
      }),
    );
    const served = answers.filter((s) => s === 200).length;
    assert.ok(served <= 3, `${served} of 15 parallel downloads were served; the bound is 3`);
    assert.equal(served, 3, "the bound's worth is served");
    assert.equal(answers.filter((s) => s === 402).length, 12, "the rest are asked to sign and pay");
    const [row] = await usage(buyer);
    assert.equal(row.units, "3");
  });

  it("gives a unit back when a download is refused or fails before any byte", async () => {
    const buyer = t.chain.wallets[6];
    await t.buyLicense(buyer, ipId, termsId, 0n);
    // HEAD admits and serves no byte: nothing is charged, nothing stays reserved
    for (let i = 0; i < 5; i++) {
      const head = await t.call(`/api/works/${ipId}/content?use=training`, { as: buyer, method: "HEAD" });
      assert.equal(head.status, 200);
    }
    for (let i = 0; i < 3; i++) {
      const response = await download(buyer);
      assert.equal(response.status, 200);
      await response.arrayBuffer();
    }
    assert.equal((await download(buyer)).status, 402);
  });

  it("charges usage to the account that made the requests: after a transfer the new holder is served under its own", async () => {
    const [former, next] = [t.chain.wallets[7], t.chain.wallets[8]];
    const licenseId = await t.buyLicense(former, ipId, termsId, 0n);
    for (let i = 0; i < 3; i++) await (await download(former)).arrayBuffer();
    assert.equal((await download(former)).status, 402, "the former holder reached its bound");
    await t.wait(
      await former.writeContract({
        address: t.contracts.LicenseToken,
        abi: licenseTokenAbi,
        functionName: "transferFrom",
        args: [former.account.address, next.account.address, licenseId],
      }),
    );
    const served = await download(next);
    assert.equal(served.status, 200, "the new holder is not asked to sign for the former holder's usage");
    await served.arrayBuffer();

    const nextRows = await usage(next);
    assert.deepEqual(
      nextRows.map((r) => [r.licenseId, r.units]),
      [[licenseId.toString(), "1"]],
      "the new holder sees only its own usage",
    );
    const formerRows = await usage(former);
    assert.deepEqual(
      formerRows.map((r) => [r.licenseId, r.units]),
      [[licenseId.toString(), "3"]],
      "the former holder sees only its own usage, not the new holder's",
    );
    // The former holder cannot sign for the new holder's usage (its receipt is for its own 3 units at most).
    const signature = await former.signTypedData({
      account: former.account,
      ...usageReceiptTypedData(t.chain.deployment, {
        licenseId,
        licensee: former.account.address,
        cumulativeUnits: 4n,
      }),
    });
    const response = await t.call("/api/usage/receipts", {
      as: former,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ receipts: [{ licenseId: licenseId.toString(), cumulativeUnits: "4", signature }] }),
    });
    const { results } = await json<{ results: Array<ErrorBody & { accepted: boolean }> }>(response);
    assert.equal(results[0].accepted, false);
    assert.equal(results[0].error, "receipt_exceeds_usage");
  });
});
