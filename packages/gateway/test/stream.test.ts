import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, describe, it } from "node:test";
import { gdaV1ForwarderAbi, licenseTermsAbi, royaltyPoolsAbi } from "@ipnft/protocol/abis";
import { licensePrice } from "@ipnft/protocol/terms";
import type { Address } from "viem";
import type { UploadAnswer } from "../src/api";
import { gatewayOnChain, json, Preset } from "./setup";

const gzipLike = (size: number) => {
  const bytes = randomBytes(size);
  bytes[0] = 0x1f;
  bytes[1] = 0x8b;
  return bytes;
};

describe("streamed licenses: access lives exactly as long as the stream", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let ipId: bigint;
  let pool: Address;
  let minRate: bigint;

  before(async () => {
    t = await gatewayOnChain({ recheckEveryMs: 0 });
    const up = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(3 * 1024 * 1024), "application/gzip"));
    ipId = await t.register(t.artist, up, [Preset.AiTrainingStreamed]);
    await t.wait(
      await t.artist.writeContract({
        address: t.contracts.RoyaltyPools,
        abi: royaltyPoolsAbi,
        functionName: "enableShares",
        args: [ipId],
      }),
    );
    pool = await t.chain.publicClient.readContract({
      address: t.contracts.RoyaltyPools,
      abi: royaltyPoolsAbi,
      functionName: "poolOf",
      args: [ipId],
    });
    const terms = await t.chain.publicClient.readContract({
      address: t.contracts.LicenseTerms,
      abi: licenseTermsAbi,
      functionName: "getTerms",
      args: [Preset.AiTrainingStreamed],
    });
    minRate = BigInt(terms.minStreamRate);
    await t.fund(t.aiCompany);
    // Streamed terms prepay their minimum period at purchase: the price is the fee plus that stream.
    await t.buyLicense(t.aiCompany, ipId, Preset.AiTrainingStreamed, licensePrice(terms));
  });

  async function stream(rate: bigint) {
    await t.wait(
      await t.aiCompany.writeContract({
        address: t.chain.deployment.superfluid.gdaV1Forwarder,
        abi: gdaV1ForwarderAbi,
        functionName: "distributeFlow",
        args: [t.chain.deployment.currency.superToken, t.aiCompany.account.address, pool, rate, "0x"],
      }),
    );
  }
  const download = () => t.call(`/api/works/${ipId}/content?use=training`, { as: t.aiCompany });

  it("refuses a streamed license whose stream has not started, saying why", async () => {
    const response = await download();
    assert.equal(response.status, 403);
    assert.match((await json<{ reason: string }>(response)).reason, /stream is not flowing/);
  });

  it("serves while the stream flows at the minimum rate, and refuses in the block that stops it", async () => {
    await stream(minRate);
    const flowing = await download();
    assert.equal(flowing.status, 200);
    await flowing.arrayBuffer();

    await stream(0n);
    const stopped = await download();
    assert.equal(stopped.status, 403);
    await stopped.arrayBuffer();
  });

  it("refuses a stream below the minimum rate", async () => {
    await stream(minRate / 2n);
    const response = await download();
    assert.equal(response.status, 403);
    await response.arrayBuffer();
    await stream(0n);
  });

  it("cuts a download short when the stream stops in the middle of it", async () => {
    await stream(minRate);
    const response = await download();
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    let received = first.value?.length ?? 0;
    await stream(0n);
    await assert.rejects(async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.length;
      }
    }, /ended during the download/);
    assert.ok(received < 3 * 1024 * 1024, `only part of the file was sent (${received} bytes)`);
  });
});
