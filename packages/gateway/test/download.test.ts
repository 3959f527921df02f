import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { before, describe, it } from "node:test";
import { signRequest } from "@ipnft/ai-client/request-signature";
import sharp from "sharp";
import { parseEther } from "viem";
import type { ErrorBody, LicenseDoesNotCover, LicenseRequired, OnWire, UploadAnswer } from "../src/api";
import { gatewayOnChain, json, ORIGIN, Preset, signerOf } from "./setup";

const sha256 = (bytes: Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}`;

describe("gated downloads against the real chain", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let image: Buffer;
  let uploaded: UploadAnswer;
  let ipId: bigint;
  let trainingLicense: bigint;

  before(async () => {
    t = await gatewayOnChain();
    image = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#ff8800" } })
      .png()
      .toBuffer();
    uploaded = await json<UploadAnswer>(await t.upload(t.artist, image, "image/png"));
    // Offered for AI training (flat fee) and for commercial use without training.
    ipId = await t.register(t.artist, uploaded, [Preset.AiTrainingFlatFee, Preset.NoAiTraining]);
    await t.fund(t.aiCompany);
    await t.fund(t.fan);
    trainingLicense = await t.buyLicense(t.aiCompany, ipId, Preset.AiTrainingFlatFee, parseEther("100"));
  });

  const contentPath = () => `/api/works/${ipId}/content?use=training`;

  it("serves a licensed AI company the original, byte for byte, with its hash, CID and license", async () => {
    const response = await t.call(contentPath(), { as: t.aiCompany });
    assert.equal(response.status, 200);
    const body = new Uint8Array(await response.arrayBuffer());
    assert.equal(sha256(body), uploaded.sha256);
    assert.equal(response.headers.get("x-content-sha256"), uploaded.sha256);
    assert.equal(response.headers.get("x-ipfs-cid"), uploaded.cid);
    assert.equal(response.headers.get("x-license-id"), trainingLicense.toString());
    assert.equal(response.headers.get("content-type"), "image/png");
    assert.equal(response.headers.get("tdm-reservation"), "1");
  });

  it("gives an anonymous request 401 and no bytes", async () => {
    const response = await t.call(contentPath());
    assert.equal(response.status, 401);
    assert.equal((await json(response)).error, "authentication_required");
  });

  it("gives a replayed request signature 401 and no bytes", async () => {
    const url = `${ORIGIN}${contentPath()}`;
    const authorization = await signRequest(signerOf(t.aiCompany), t.chain.deployment.chainId, url);
    const first = await t.gateway.handle(new Request(url, { headers: { authorization } }));
    assert.equal(first.status, 200);
    await first.arrayBuffer();
    const replay = await t.gateway.handle(new Request(url, { headers: { authorization } }));
    assert.equal(replay.status, 401);
    const body = await json(replay);
    assert.equal(body.error, "replayed_signature");
    assert.equal(replay.headers.get("content-type"), "application/json; charset=utf-8");
  });

  it("gives an expired request signature 401", async () => {
    const url = `${ORIGIN}${contentPath()}`;
    const longAgo = Math.floor(Date.now() / 1000) - 3600;
    const authorization = await signRequest(signerOf(t.aiCompany), t.chain.deployment.chainId, url, "GET", longAgo);
    const response = await t.gateway.handle(new Request(url, { headers: { authorization } }));
    assert.equal(response.status, 401);
    assert.equal((await json(response)).error, "signature_expired");
  });

  it("gives a forged signature, and a signature made for another wallet, 401", async () => {
    const url = `${ORIGIN}${contentPath()}`;
    // The fan signs, but claims to be the licensed AI company.
    const theirs = await signRequest(
      { address: t.aiCompany.account.address, signTypedData: signerOf(t.fan).signTypedData },
      t.chain.deployment.chainId,
      url,
    );
    const stolen = await t.gateway.handle(new Request(url, { headers: { authorization: theirs } }));
    assert.equal(stolen.status, 401);
    assert.equal((await json(stolen)).error, "forged_signature");

    // A genuine signature of the AI company, for a different work, moved to this one.
    const other = await signRequest(
      signerOf(t.aiCompany),
      t.chain.deployment.chainId,
      `${ORIGIN}/api/works/${ipId + 1n}/content?use=training`,
    );
    const moved = await t.gateway.handle(new Request(url, { headers: { authorization: other } }));
    assert.equal(moved.status, 401);
    assert.equal((await json(moved)).error, "forged_signature");
  });

  it("answers a wallet without a license with 402, the offers on sale and how to buy them", async () => {
    const response = await t.call(contentPath(), { as: t.fan });
    assert.equal(response.status, 402);
    const body = await json<OnWire<LicenseRequired>>(response);
    assert.equal(body.error, "license_required");
    const training = body.offers.find((o) => o.termsId === Preset.AiTrainingFlatFee.toString());
    assert.ok(training, "the training offer is listed");
    assert.equal(training.buy.contract, t.contracts.LicenseToken);
    assert.match(training.buy.function, /^buyLicense\(/);
    assert.deepEqual(training.buy.args, [
      ipId.toString(),
      Preset.AiTrainingFlatFee.toString(),
      parseEther("100").toString(),
    ]);
    assert.match(training.summary, /AI training/);
  });

  it("answers a license for another use with 403, and serves the use it does cover", async () => {
    await t.buyLicense(t.fan, ipId, Preset.NoAiTraining, parseEther("10"));
    const training = await t.call(contentPath(), { as: t.fan });
    assert.equal(training.status, 403);
    const body = await json<ErrorBody>(training);
    assert.equal(body.error, "license_does_not_cover");
    assert.match(body.reason, /do not allow AI training/);

    const commercial = await t.call(`/api/works/${ipId}/content?use=commercial`, { as: t.fan });
    assert.equal(commercial.status, 200);
    assert.equal(sha256(new Uint8Array(await commercial.arrayBuffer())), uploaded.sha256);
  });

  it("serves byte ranges of a large file, and 416 outside it", async () => {
    const big = randomBytes(3 * 262_144 + 5);
    big[0] = 0x1f; // a gzip signature, so the bytes pass sniffing as application/gzip
    big[1] = 0x8b;
    const up = await json<UploadAnswer>(await t.upload(t.artist, big, "application/gzip"));
    const bigId = await t.register(t.artist, up, [Preset.AiTrainingFlatFee]);
    await t.buyLicense(t.aiCompany, bigId, Preset.AiTrainingFlatFee, parseEther("100"));

    const part = await t.call(`/api/works/${bigId}/content?use=training`, {
      as: t.aiCompany,
      headers: { range: "bytes=262140-262149" },
    });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), `bytes 262140-262149/${big.length}`);
    assert.deepEqual(new Uint8Array(await part.arrayBuffer()), new Uint8Array(big.subarray(262140, 262150)));

    const outside = await t.call(`/api/works/${bigId}/content?use=training`, {
      as: t.aiCompany,
      headers: { range: `bytes=${big.length}-` },
    });
    assert.equal(outside.status, 416);
    assert.equal(outside.headers.get("content-range"), `bytes */${big.length}`);
  });

  it("answers ids that are not ids, and works that do not exist, with 404", async () => {
    for (const bad of ["..%2F..%2Fetc%2Fpasswd", "0", "-1", "1e3", "abc", "99999"]) {
      const response = await t.call(`/api/works/${bad}/content`, { as: t.aiCompany });
      assert.equal(response.status, 404, bad);
    }
    for (const bad of [`..%2Foriginals%2F${uploaded.cid}`, uploaded.cid, "bafy..", "%2e%2e"]) {
      // An original's CID is not a preview: the public preview route never serves an original.
      const response = await t.call(`/api/previews/${bad}`);
      assert.equal(response.status, 404, bad);
    }
    const raw = await t.gateway.handle(new Request(`${ORIGIN}/api/previews/../originals/${uploaded.cid}`));
    assert.equal(raw.status, 404);
  });

  it("ends access when the license expires, at the next request", async () => {
    const before = await t.call(contentPath(), { as: t.aiCompany });
    assert.equal(before.status, 200);
    await before.arrayBuffer();
    await t.chain.networkHelpers.time.increase(366 * 24 * 3600);
    const after = await t.call(contentPath(), { as: t.aiCompany });
    assert.equal(after.status, 403);
    const body = await json<OnWire<LicenseDoesNotCover>>(after);
    assert.ok(body.licenses.every((l) => l.expired));
    assert.match(body.reason, /expired/);
  });
});
