import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { before, describe, it } from "node:test";
import { datasetsAbi } from "@ipnft/protocol/abis";
import sharp from "sharp";
import { type Address, parseEther } from "viem";
import { newContent, register as registerIp } from "../../../test/helpers/protocol";
import type { DatasetManifestAnswer, ErrorBody, UploadAnswer } from "../src/api";
import { gatewayOnChain, json, Kind, Preset, type Wallet } from "./setup";

const sha256 = (bytes: Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}`;
const noConsent = { licenseId: 0n, deadline: 0n, nonce: 0n, signature: "0x" } as const;

describe("datasets through the gateway against the real chain", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let datasets: Address;
  let datasetId: bigint;
  let plainWork: bigint;
  const members: Array<{ ipId: bigint; uploaded: UploadAnswer; bytes: Buffer; weight: number }> = [];
  let earlyLicense: bigint;

  const asCurator = async (functionName: "openDataset" | "addMembers" | "removeMembers", args: readonly unknown[]) =>
    t.wait(await t.artist.writeContract({ address: datasets, abi: datasetsAbi, functionName, args } as never));
  const manifest = (who: Wallet) => t.call(`/api/datasets/${datasetId}/manifest?use=training`, { as: who });
  const memberFile = (who: Wallet, ipId: bigint) =>
    t.call(`/api/datasets/${datasetId}/members/${ipId}/content?use=training`, { as: who });

  before(async () => {
    t = await gatewayOnChain();
    datasets = t.contracts.Datasets;
    // Three works of the artist (the curator owns them: that is its consent), weights 1, 2 and 3.
    for (const [i, colour] of ["#ff0000", "#00ff00", "#0000ff"].entries()) {
      const bytes = await sharp({ create: { width: 64 + i, height: 48, channels: 3, background: colour } })
        .png()
        .toBuffer();
      const uploaded = await json<UploadAnswer>(await t.upload(t.artist, bytes, "image/png"));
      const ipId = await t.register(t.artist, uploaded, [Preset.NoAiTraining]);
      members.push({ ipId, uploaded, bytes, weight: i + 1 });
    }
    const plain = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#888888" } })
      .png()
      .toBuffer();
    plainWork = await t.register(t.artist, await json<UploadAnswer>(await t.upload(t.artist, plain, "image/png")), [
      Preset.AiTrainingFlatFee,
    ]);
    const registered = await registerIp(t.chain, t.artist, {
      kind: Kind.Dataset,
      content: newContent("dataset of three"),
      termsIds: [Preset.AiTrainingFlatFee],
    });
    datasetId = registered.ipId;
    await asCurator("openDataset", [datasetId, 1000]);
    await asCurator("addMembers", [
      datasetId,
      members.map((m) => ({ ipId: m.ipId, weight: m.weight })),
      members.map(() => noConsent),
    ]);
    await t.fund(t.aiCompany);
    await t.fund(t.fan);
    earlyLicense = await t.buyLicense(t.aiCompany, datasetId, Preset.AiTrainingFlatFee, parseEther("100"));
  });

  it("gives a dataset licensee one manifest of the member files: IP, CID, SHA-256, weight, size and URL", async () => {
    const response = await manifest(t.aiCompany);
    assert.equal(response.status, 200);
    const body = await json<DatasetManifestAnswer>(response);
    assert.equal(body.datasetIpId, datasetId.toString());
    assert.equal(body.licenseId, earlyLicense.toString());
    assert.equal(body.curatorShareBps, 1000);
    assert.equal(body.totalWeight, "6");
    assert.deepEqual(
      body.members.map((m) => [m.ipId, m.cid, m.sha256, m.weight, m.size, m.stored]),
      members.map((m) => [
        m.ipId.toString(),
        m.uploaded.cid,
        m.uploaded.sha256,
        String(m.weight),
        m.bytes.length,
        true,
      ]),
    );
    for (const m of body.members) {
      assert.equal(m.url, `http://gateway.test/api/datasets/${datasetId}/members/${m.ipId}/content`);
    }
  });

  it("serves each member's original under the dataset license, metered per file for the dataset", async () => {
    for (const m of members) {
      const response = await memberFile(t.aiCompany, m.ipId);
      assert.equal(response.status, 200);
      assert.equal(sha256(new Uint8Array(await response.arrayBuffer())), m.uploaded.sha256);
      assert.equal(response.headers.get("x-license-id"), earlyLicense.toString());
      assert.equal(response.headers.get("x-dataset-ip-id"), datasetId.toString());
      assert.equal(response.headers.get("x-ip-id"), m.ipId.toString());
    }
    await Promise.all(t.gateway.context.pendingRecords);
    const usage = await t.gateway.context.ledger.usage(earlyLicense, t.aiCompany.account.address);
    assert.ok(usage, "the dataset license has usage");
    assert.equal(usage.ipId, datasetId);
    assert.equal(usage.files, 3);
    assert.equal(usage.units, 3n, "three whole files of different sizes are three units");
  });

  it("answers a wallet without a dataset license with 402 and no manifest or file", async () => {
    const listing = await manifest(t.fan);
    assert.equal(listing.status, 402);
    assert.equal((await json<ErrorBody>(listing)).error, "license_required");
    const file = await memberFile(t.fan, members[0].ipId);
    assert.equal(file.status, 402);
  });

  it("answers an anonymous request with 401", async () => {
    const response = await t.call(`/api/datasets/${datasetId}/manifest`);
    assert.equal(response.status, 401);
  });

  it("answers 404 for an IP that is not a dataset, and for a work that is not a member", async () => {
    const notDataset = await t.call(`/api/datasets/${plainWork}/manifest`, { as: t.aiCompany });
    assert.equal(notDataset.status, 404);
    assert.equal((await json<ErrorBody>(notDataset)).error, "not_a_dataset");
    const notMember = await memberFile(t.aiCompany, plainWork);
    assert.equal(notMember.status, 404);
    assert.equal((await json<ErrorBody>(notMember)).error, "not_a_member");
  });

  it("does not serve a removed member under a license bought after its removal, but under an earlier one", async () => {
    const removed = members[2];
    await asCurator("removeMembers", [datasetId, [removed.ipId]]);
    const lateLicense = await t.buyLicense(t.fan, datasetId, Preset.AiTrainingFlatFee, parseEther("100"));

    const late = await json<DatasetManifestAnswer>(await manifest(t.fan));
    assert.equal(late.licenseId, lateLicense.toString());
    assert.deepEqual(
      late.members.map((m) => m.ipId),
      [members[0].ipId.toString(), members[1].ipId.toString()],
    );
    assert.deepEqual(late.withheld, [removed.ipId.toString()]);
    assert.equal(late.totalWeight, "3");
    const refused = await memberFile(t.fan, removed.ipId);
    assert.equal(refused.status, 403);
    assert.equal((await json<ErrorBody>(refused)).error, "member_removed");

    const early = await json<DatasetManifestAnswer>(await manifest(t.aiCompany));
    assert.ok(early.members.some((m) => m.ipId === removed.ipId.toString()));
    const kept = await memberFile(t.aiCompany, removed.ipId);
    assert.equal(kept.status, 200);
    assert.equal(sha256(new Uint8Array(await kept.arrayBuffer())), removed.uploaded.sha256);
  });
});
