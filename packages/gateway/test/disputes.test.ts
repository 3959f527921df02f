import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, describe, it } from "node:test";
import { disputesAbi } from "@ipnft/protocol/abis";
import { openDisputeSteps, ruleDispute, sendSteps, sendWrite } from "@ipnft/protocol/verbs";
import { parseEther } from "viem";
import type { UploadAnswer, WorkTerms } from "../src/api";
import { createGateway } from "../src/create-gateway";
import { gatewayOnChain, json, Preset } from "./setup";
import { x402OnChain } from "./support/x402";

const gzipLike = (size: number) => {
  const bytes = randomBytes(size);
  bytes[0] = 0x1f;
  bytes[1] = 0x8b;
  return bytes;
};
const evidence = { earlierIpId: 0n, similarityBps: 9_500, uri: "https://example.org/original" };

describe("a disputed work in the gateway: no new license on offer, existing licenses still download", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let ipId: bigint;
  let perFileIp: bigint;
  const content = (id: bigint) => `/api/works/${id}/content?use=training`;
  const senderOf = (wallet: typeof t.fan) => ({ publicClient: t.chain.publicClient, walletClient: wallet });
  const dispute = async (id: bigint) => {
    const steps = openDisputeSteps(t.chain.deployment, { ipId: id, evidence, bond: parseEther("50") });
    await sendSteps(senderOf(t.fan), steps);
  };

  before(async () => {
    t = await gatewayOnChain();
    const { settler } = await x402OnChain(t);
    await t.swapGateway((config) => createGateway({ ...config, payPerFile: { settler } }));
    await t.fund(t.aiCompany);
    await t.fund(t.fan);
    const file = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(2_000), "application/gzip"));
    ipId = await t.register(t.artist, file, [Preset.AiTrainingFlatFee]);
    const perFile = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(3_000), "application/gzip"));
    perFileIp = await t.register(t.artist, perFile, [Preset.AiTrainingPayPerFile]);
  });

  it("while a dispute is open, the 402 offers nothing and says why; the terms read as not on sale", async () => {
    await t.buyLicense(t.aiCompany, ipId, Preset.AiTrainingFlatFee, parseEther("100"));
    const before = await t.call(content(ipId), { as: t.fan });
    assert.equal(before.status, 402);
    assert.equal((await json<{ offers: unknown[] }>(before)).offers.length, 1);

    await dispute(ipId);
    const refused = await t.call(content(ipId), { as: t.fan });
    assert.equal(refused.status, 402);
    const body = await json<{ offers: unknown[]; reason: string }>(refused);
    assert.deepEqual(body.offers, []);
    assert.match(body.reason, /New licenses of IP \d+ are paused while dispute \d+ is open/);
    const terms = await json<WorkTerms>(await t.call(`/api/works/${ipId}/terms`));
    assert.equal(terms.offers[0].salesOpen, false);

    const licensed = await t.call(content(ipId), { as: t.aiCompany });
    assert.equal(licensed.status, 200, "the license bought before the dispute still downloads");
  });

  it("a pay-per-file work under dispute offers no x402 payment", async () => {
    const offered = await t.call(content(perFileIp));
    assert.equal(offered.status, 402);
    assert.ok(offered.headers.get("payment-required"), "before the dispute, x402 is offered");
    await dispute(perFileIp);
    const paused = await t.call(content(perFileIp));
    assert.notEqual(paused.status, 200);
    assert.equal(paused.headers.get("payment-required"), null, "no x402 offer while disputed");

    const disputeId = (await t.chain.publicClient.readContract({
      address: t.chain.deployment.contracts.Disputes as `0x${string}`,
      abi: disputesAbi,
      functionName: "disputeCount",
    })) as bigint;
    await sendWrite(senderOf(t.chain.wallets[0]), ruleDispute(t.chain.deployment, disputeId, false));
    const reopened = await t.call(content(perFileIp));
    assert.ok(reopened.headers.get("payment-required"), "a rejected dispute lifts the pause");
  });
});
