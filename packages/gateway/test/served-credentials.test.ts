/**
 * Content credentials on the two other ways a file leaves the gateway: a file paid per request over x402 (the
 * manifest names the payment) and a dataset's member file under a license of the dataset (it names the dataset, its
 * license, the member and the licensee). Both validate with the official SDK, trusting the gateway's development CA;
 * a paid file resumed with its token is a range of the same signed bytes.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { datasetsAbi } from "@ipnft/protocol/abis";
import { decodePaymentRequiredHeader, decodePaymentResponseHeader } from "@x402/core/http";
import sharp from "sharp";
import { getAddress, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { newContent, register as registerIp } from "../../../test/helpers/protocol";
import type { UploadAnswer } from "../src/api";
import { makeDevelopmentIdentity } from "../src/c2pa/certificate";
import { c2paSdk, sdkSettings } from "../src/c2pa/sdk";
import { createGateway } from "../src/create-gateway";
import { gatewayOnChain, json, Kind, ORIGIN, Preset } from "./setup";
import { signPayment, x402OnChain } from "./support/x402";

const PRICE = 50_000n; // the pay-per-file preset's 0.05, in the 6-decimal stablecoin
const sha256 = (bytes: Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}`;
const noConsent = { licenseId: 0n, deadline: 0n, nonce: 0n, signature: "0x" } as const;

/** A picture that is not flat (so the near-duplicate guard indexes it) and unlike any other the test draws. */
async function picture(seed: number, format: "jpeg" | "png") {
  const raw = randomBytes(48 * 32 * 3);
  raw[0] = seed;
  const image = sharp(raw, { raw: { width: 48, height: 32, channels: 3 } }).resize(240, 160, { kernel: "nearest" });
  return format === "jpeg" ? image.jpeg().toBuffer() : image.png().toBuffer();
}

/** The SDK's report on a file, trusting `anchors` only, and its active manifest's assertion labelled `label`. */
async function validate(bytes: Uint8Array, mediaType: string, anchors: string, label: string) {
  const reader = await c2paSdk().WasmReader.fromBytes(mediaType, bytes, sdkSettings(anchors));
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's JSON report, read field by field below
  const report = JSON.parse(reader.json()) as any;
  reader.free();
  const active = report.manifests[report.active_manifest];
  const assertion = active.assertions.find((a: { label: string }) => a.label === label);
  return { report, active, data: assertion?.data };
}

describe("content credentials on x402-paid files and dataset member files", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let chain: Awaited<ReturnType<typeof x402OnChain>>;
  let identity: Awaited<ReturnType<typeof makeDevelopmentIdentity>>;
  let paidFile: UploadAnswer;
  let paidIp: bigint;
  const url = (ipId: bigint) => `${ORIGIN}/api/works/${ipId}/content?use=training`;
  let addressNo = 0;
  const get = (ipId: bigint, headers: Record<string, string>, query = "") =>
    t.gateway.handle(
      new Request(url(ipId) + query, { headers: { ...headers, "x-forwarded-for": `203.0.113.${++addressNo}` } }),
    );
  async function pay(ipId: bigint, headers: Record<string, string> = {}) {
    const account = privateKeyToAccount(generatePrivateKey());
    await chain.mint(account.address, 1_000_000n);
    const asked = await get(ipId, {});
    assert.equal(asked.status, 402);
    const required = decodePaymentRequiredHeader(asked.headers.get("payment-required") ?? "");
    const response = await get(ipId, { ...headers, "payment-signature": await signPayment(account, required) });
    return { account, response };
  }

  before(async () => {
    identity = await makeDevelopmentIdentity();
    const contentCredentials = { identity, trustAnchors: identity.anchorPem };
    t = await gatewayOnChain({ contentCredentials });
    chain = await x402OnChain(t);
    const { settler } = chain;
    await t.swapGateway((config) => createGateway({ ...config, payPerFile: { settler } }));
    paidFile = await json<UploadAnswer>(await t.upload(t.artist, await picture(1, "jpeg"), "image/jpeg"));
    paidIp = await t.register(t.artist, paidFile, [Preset.AiTrainingPayPerFile]);
  });
  after(() => t.gateway.close());

  it("signs a file paid per request over x402: the SDK validates it and it names the payer and the transaction", async () => {
    const { account, response } = await pay(paidIp);
    assert.equal(response.status, 200, await response.clone().text());
    const served = new Uint8Array(await response.arrayBuffer());
    assert.equal(response.headers.get("x-c2pa"), "gateway-signed");
    assert.equal(response.headers.get("x-served-sha256"), sha256(served));
    assert.equal(response.headers.get("x-content-sha256"), paidFile.sha256, "still names the registered original");
    assert.notEqual(sha256(served), paidFile.sha256);
    const { transaction } = decodePaymentResponseHeader(response.headers.get("payment-response") ?? "");

    const { report, active, data } = await validate(served, "image/jpeg", identity.anchorPem, "org.ipnft.payment");
    if (process.env.C2PA_PRINT === "1") {
      console.log("validated manifest store of a file paid over x402 (trust anchors: the gateway's development CA):");
      console.log(JSON.stringify(report, null, 2));
    }
    assert.equal(report.validation_state, "Trusted", JSON.stringify(report.validation_results));
    assert.equal(active.signature_info.common_name, "IP-NFT gateway (development)");
    assert.equal(data.chainId, t.chain.deployment.chainId);
    assert.equal(data.registry, t.gateway.context.addresses.registry);
    assert.equal(data.ipId, paidIp.toString());
    assert.equal(data.payer, getAddress(account.address));
    assert.equal(data.payment.transaction, transaction);
    assert.equal(data.payment.amount, PRICE.toString());
    assert.equal(data.payment.asset, getAddress(chain.usdc));
    assert.equal(data.termsId, Preset.AiTrainingPayPerFile.toString());
    assert.deepEqual(data.original, { cid: paidFile.cid, sha256: paidFile.sha256 });
    const actions = active.assertions.find((a: { label: string }) => a.label.startsWith("c2pa.actions")).data.actions;
    assert.deepEqual(
      actions.map((a: { action: string }) => a.action),
      ["c2pa.opened", "org.ipnft.paid"],
    );
  });

  it("serves the registered bytes of a paid file with ?original=1, unsigned", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    await chain.mint(account.address, 1_000_000n);
    const asked = decodePaymentRequiredHeader((await get(paidIp, {})).headers.get("payment-required") ?? "");
    const signature = await signPayment(account, asked);
    const response = await get(paidIp, { "payment-signature": signature }, "&original=1");
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("x-c2pa"), null);
    assert.equal(sha256(new Uint8Array(await response.arrayBuffer())), paidFile.sha256);
  });

  it("resumes a paid signed file with its token as a range of the same bytes; after a restart, whole again", async () => {
    const { response: first } = await pay(paidIp, { range: "bytes=0-999" });
    assert.equal(first.status, 206, await first.clone().text());
    const servedSha = first.headers.get("x-served-sha256") ?? "";
    const total = Number(first.headers.get("content-range")?.split("/")[1]);
    assert.ok(total > 1000);
    const head = new Uint8Array(await first.arrayBuffer());
    const token = first.headers.get("x-paid-file-token") ?? "";

    const rest = await get(paidIp, { "x-paid-file-token": token, range: "bytes=1000-" });
    assert.equal(rest.status, 206);
    assert.equal(rest.headers.get("content-range"), `bytes 1000-${total - 1}/${total}`);
    assert.equal(rest.headers.get("x-served-sha256"), servedSha);
    const whole = new Uint8Array([...head, ...new Uint8Array(await rest.arrayBuffer())]);
    assert.equal(sha256(whole), servedSha, "the two parts are the signed copy the first answer named");
    const { report } = await validate(whole, "image/jpeg", identity.anchorPem, "org.ipnft.payment");
    assert.equal(report.validation_state, "Trusted");

    // A client whose If-Range names other bytes gets the whole file, not a range of bytes it never had.
    const stale = await get(paidIp, { "x-paid-file-token": token, range: "bytes=1000-", "if-range": '"0abc"' });
    assert.equal(stale.status, 200);
    assert.equal(sha256(new Uint8Array(await stale.arrayBuffer())), servedSha);

    // A restarted gateway no longer holds the copy and signs it again (other bytes): the resume is the whole new
    // copy with 200, never the tail of a different file.
    await t.swapGateway((config) => createGateway({ ...config, payPerFile: { settler: chain.settler } }));
    const again = await get(paidIp, { "x-paid-file-token": token, range: "bytes=1000-" });
    assert.equal(again.status, 200, await again.clone().text());
    const copy = new Uint8Array(await again.arrayBuffer());
    assert.equal(again.headers.get("x-served-sha256"), sha256(copy));
    assert.notEqual(sha256(copy), servedSha);
    const { data } = await validate(copy, "image/jpeg", identity.anchorPem, "org.ipnft.payment");
    assert.equal(data.ipId, paidIp.toString(), "signed again from the recorded payment");
  });

  it("signs a dataset member file: the SDK validates it and it names the dataset, its license, member and licensee", async () => {
    const members: { ipId: bigint; uploaded: UploadAnswer }[] = [];
    for (const seed of [2, 3]) {
      const uploaded = await json<UploadAnswer>(await t.upload(t.artist, await picture(seed, "png"), "image/png"));
      members.push({ ipId: await t.register(t.artist, uploaded, [Preset.NoAiTraining]), uploaded });
    }
    const datasetId = (
      await registerIp(t.chain, t.artist, {
        kind: Kind.Dataset,
        content: newContent("two signed pictures"),
        termsIds: [Preset.AiTrainingFlatFee],
      })
    ).ipId;
    const datasets = t.contracts.Datasets;
    const curate = async (functionName: "openDataset" | "addMembers", args: readonly unknown[]) =>
      t.wait(await t.artist.writeContract({ address: datasets, abi: datasetsAbi, functionName, args } as never));
    await curate("openDataset", [datasetId, 1000]);
    await curate("addMembers", [datasetId, members.map((m) => ({ ipId: m.ipId, weight: 1 })), [noConsent, noConsent]]);
    await t.fund(t.aiCompany);
    const licenseId = await t.buyLicense(t.aiCompany, datasetId, Preset.AiTrainingFlatFee, parseEther("100"));
    const before = await t.gateway.context.ledger.usage(licenseId, t.aiCompany.account.address);

    const [member] = members;
    const path = `/api/datasets/${datasetId}/members/${member.ipId}/content?use=training`;
    const response = await t.call(path, { as: t.aiCompany });
    assert.equal(response.status, 200, await response.clone().text());
    const served = new Uint8Array(await response.arrayBuffer());
    assert.equal(response.headers.get("x-c2pa"), "gateway-signed");
    assert.equal(response.headers.get("x-served-sha256"), sha256(served));
    assert.equal(response.headers.get("x-content-sha256"), member.uploaded.sha256);
    const label = "org.ipnft.dataset-license";
    const { report, data } = await validate(served, "image/png", identity.anchorPem, label);
    assert.equal(report.validation_state, "Trusted", JSON.stringify(report.validation_results));
    assert.equal(data.datasetIpId, datasetId.toString());
    assert.equal(data.ipId, member.ipId.toString());
    assert.equal(data.licenseId, licenseId.toString());
    assert.equal(data.licenseToken, t.gateway.context.addresses.licenses);
    assert.equal(data.licensee, getAddress(t.aiCompany.account.address));
    assert.equal(data.termsId, Preset.AiTrainingFlatFee.toString());
    assert.deepEqual(data.original, { cid: member.uploaded.cid, sha256: member.uploaded.sha256 });

    // The same copy again (cached per license), a range of it, and the registered bytes with ?original=1.
    const ranged = await t.call(path, { as: t.aiCompany, headers: { range: "bytes=0-99" } });
    assert.equal(ranged.status, 206);
    assert.equal(ranged.headers.get("content-range"), `bytes 0-99/${served.length}`);
    assert.deepEqual(new Uint8Array(await ranged.arrayBuffer()), served.subarray(0, 100));
    const original = await t.call(`${path}&original=1`, { as: t.aiCompany });
    assert.equal(original.headers.get("x-c2pa"), null);
    assert.equal(sha256(new Uint8Array(await original.arrayBuffer())), member.uploaded.sha256);

    await Promise.all(t.gateway.context.pendingRecords);
    const after = await t.gateway.context.ledger.usage(licenseId, t.aiCompany.account.address);
    // A whole signed copy and a whole original are one unit each; 100 bytes of the copy are a piece, rounded up.
    assert.equal((after?.units ?? 0n) - (before?.units ?? 0n), 3n);
  });
});
