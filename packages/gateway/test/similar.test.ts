import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { before, describe, it } from "node:test";
import { cidBytes } from "@ipnft/protocol/content/cid";
import sharp from "sharp";
import { parseEther } from "viem";
import { createSiweMessage } from "viem/siwe";
import type { NearDuplicateRefusal, SimilarAnswer, UploadAnswer } from "../src/api";
import { createGateway } from "../src/create-gateway";
import { drawnPng, modify } from "../src/similarity/labelled-set";
import { gatewayOnChain, json, ORIGIN, Preset } from "./setup";

/**
 * Near-duplicate search through the gateway, on a chain: `POST /api/similar` finds a registered work from a modified
 * copy, and the upload guard flags a creator's own variant, accepts a licensee's derivative naming the license, and
 * refuses anyone else's copy with the work and the similarity.
 */
describe("near-duplicate search and the registration guard", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let original: Uint8Array;
  let ipId: bigint;
  const search = async (bytes: Uint8Array, type = "image/jpeg") =>
    t.call("/api/similar", { method: "POST", headers: { "content-type": type }, body: new Uint8Array(bytes) });
  const originals = async () => (await readdir(path.join(t.dataDir, "originals"))).length;

  before(async () => {
    t = await gatewayOnChain();
    original = await drawnPng(4242, 640);
    const uploaded = await t.upload(t.artist, original, "image/png", {
      metadata: JSON.stringify({ name: "Rings at dusk", kind: "Work", media: { cid: "x" } }),
    });
    assert.equal(uploaded.status, 201);
    const body = await json<UploadAnswer>(uploaded);
    assert.equal(body.similar, undefined, "a new picture looks like nothing registered");
    ipId = await t.register(t.artist, body, [Preset.AiTrainingFlatFee, Preset.CommercialRemix]);
  });

  it("finds the registered original of a resized, recompressed copy, with its creator and terms", async () => {
    const copy = await sharp(original).resize(200).jpeg({ quality: 30 }).toBuffer();
    const response = await search(new Uint8Array(copy));
    assert.equal(response.status, 200);
    const answer = await json<SimilarAnswer>(response);
    assert.equal(answer.matches.length, 1);
    const [match] = answer.matches;
    assert.equal(BigInt(match.ipId), ipId);
    assert.ok(match.similarity >= answer.threshold && match.similarity <= 1, `similarity ${match.similarity}`);
    assert.equal(match.creator.toLowerCase(), t.artist.account.address.toLowerCase());
    assert.equal(match.name, "Rings at dusk");
    assert.equal(match.certificatePath, `/works/${ipId}`);
    assert.deepEqual(
      match.offers.map((o) => BigInt(o.termsId)),
      [Preset.AiTrainingFlatFee, Preset.CommercialRemix],
    );
    assert.ok(match.offers.every((o) => o.summary.length > 0));
  });

  it("finds a mirrored copy sent as multipart, and nothing for an unrelated image", async () => {
    const form = new FormData();
    const mirrored = await modify(original, "mirrored", 1);
    form.set("file", new File([new Uint8Array(mirrored)], "mirror.png", { type: "image/png" }));
    const found = await json<SimilarAnswer>(await t.call("/api/similar", { method: "POST", body: form }));
    assert.equal(BigInt(found.matches[0]?.ipId ?? 0), ipId);

    const unrelated = await json<SimilarAnswer>(await search(await drawnPng(77, 640), "image/png"));
    assert.deepEqual(unrelated.matches, []);
    assert.ok(unrelated.searched >= 1);
  });

  it("refuses a body that is not an image, or empty, with a reason", async () => {
    const text = await t.call("/api/similar", { method: "POST", body: "hello" });
    assert.equal(text.status, 415);
    assert.equal((await json(text)).error, "not_an_image");
    const empty = await t.call("/api/similar", { method: "POST", body: new Uint8Array() });
    assert.equal(empty.status, 400);
  });

  it("refuses another creator's copy of a registered work, naming the work and the similarity, storing nothing", async () => {
    const before = await originals();
    const copy = await modify(original, "cropped ≤10%", 3);
    const response = await t.upload(t.fan, copy, "image/png");
    assert.equal(response.status, 409);
    const refusal = await json<NearDuplicateRefusal>(response);
    assert.equal(refusal.error, "near_duplicate");
    assert.equal(BigInt(refusal.work.ipId), ipId);
    assert.match(refusal.reason, new RegExp(`IP #${ipId} “Rings at dusk”`));
    assert.match(refusal.reason, /\d+% similar/);
    assert.match(refusal.reason, /derivative/);
    assert.equal(await originals(), before, "the refused copy is not stored");
  });

  it("accepts the creator's own variant, flagged with the work it resembles", async () => {
    const variant = await modify(original, "text overlaid", 5);
    const response = await t.upload(t.artist, variant, "image/png");
    assert.equal(response.status, 201);
    const body = await json<UploadAnswer>(response);
    assert.equal(BigInt(body.similar?.matches[0]?.ipId ?? 0), ipId);
    assert.deepEqual(body.similar?.deriveFrom, []);
  });

  it("accepts a licensee's copy as a derivative, naming the license that allows it", async () => {
    const copy = await modify(original, "colour-shifted", 7);
    const refused = await t.upload(t.aiCompany, copy, "image/jpeg");
    assert.equal(refused.status, 409, "a training license does not allow derivatives");
    await t.fund(t.aiCompany);
    await t.buyLicense(t.aiCompany, ipId, Preset.AiTrainingFlatFee, parseEther("100"));
    assert.equal((await t.upload(t.aiCompany, copy, "image/jpeg")).status, 409);
    const license = await t.buyLicense(t.aiCompany, ipId, Preset.CommercialRemix, parseEther("25"));
    const response = await t.upload(t.aiCompany, copy, "image/jpeg");
    assert.equal(response.status, 201);
    const body = await json<UploadAnswer>(response);
    assert.deepEqual(
      body.similar?.deriveFrom.map((d) => [BigInt(d.ipId), BigInt(d.licenseId)]),
      [[ipId, license]],
    );
  });

  it("finds works stored before the gateway started (the seed writes straight to disk), after a restart", async () => {
    const seeded = await drawnPng(9191, 500);
    const { file } = await t.store.put("originals", seeded, { mediaType: "image/png" });
    const stored = {
      ...file,
      cidBytes: cidBytes(file.cid),
      created: true,
      contentCredentials: { state: "none" as const },
    };
    const seededId = await t.register(t.artist, stored, [Preset.CommercialRemix]);
    const gateway = await t.swapGateway(createGateway);
    await gateway.context.similarity.backfill();
    const answer = await json<SimilarAnswer>(await search(await modify(seeded, "resized", 2), "image/png"));
    assert.equal(BigInt(answer.matches[0]?.ipId ?? 0), seededId);
  });

  it("limits searches per network address and per signed-in account: 429 with Retry-After, again after the window", async () => {
    const windowMs = 3000;
    await t.swapGateway((config) => createGateway({ ...config, similarLimit: { requests: 2, windowMs } }));
    const image = new Uint8Array(await sharp(original).resize(120).jpeg().toBuffer());
    const from = (address: string, cookie?: string) =>
      t.call("/api/similar", {
        method: "POST",
        headers: { "content-type": "image/jpeg", "x-forwarded-for": address, ...(cookie ? { cookie } : {}) },
        body: image,
      });
    // Start at the beginning of a window, so that the three requests below fall in the same one.
    await new Promise((resolve) => setTimeout(resolve, windowMs - (Date.now() % windowMs) + 20));
    assert.equal((await from("198.51.100.7")).status, 200);
    assert.equal((await from("198.51.100.7")).status, 200);
    const refused = await from("198.51.100.7");
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= windowMs / 1000, `Retry-After ${retryAfter}`);
    const body = await json<{ error: string; reason: string; limit: number; per: string }>(refused);
    assert.equal(body.error, "too_many_requests");
    assert.match(body.reason, /At most 2 similarity searches per 3 s per network address; .*198\.51\.100\.7/);
    assert.equal(body.per, "network address");
    assert.equal((await from("198.51.100.8")).status, 200, "another address has its own allowance");

    // One signed-in account is counted across the addresses it searches from.
    const { nonce } = await json<{ nonce: string }>(await t.call("/api/auth/nonce"));
    const host = new URL(ORIGIN).host;
    const message = createSiweMessage({
      address: t.fan.account.address,
      chainId: t.chain.deployment.chainId,
      domain: host,
      nonce,
      uri: ORIGIN,
      version: "1",
    });
    const signature = await t.fan.signMessage({ account: t.fan.account, message });
    const signedIn = await t.call("/api/auth/siwe", {
      method: "POST",
      body: JSON.stringify({ message, signature }),
      headers: { "content-type": "application/json" },
    });
    const cookie = signedIn.headers.get("set-cookie")?.split(";")[0] ?? "";
    await new Promise((resolve) => setTimeout(resolve, windowMs - (Date.now() % windowMs) + 20));
    assert.equal((await from("198.51.100.21", cookie)).status, 200);
    assert.equal((await from("198.51.100.22", cookie)).status, 200);
    const perAccount = await from("198.51.100.23", cookie);
    assert.equal(perAccount.status, 429);
    assert.equal((await json<{ per: string }>(perAccount)).per, "account");

    // The window over, the address searches again.
    await new Promise((resolve) => setTimeout(resolve, windowMs - (Date.now() % windowMs) + 20));
    const again = await from("198.51.100.7");
    assert.equal(again.status, 200);
    assert.equal(BigInt((await json<SimilarAnswer>(again)).matches[0]?.ipId ?? 0), ipId);
  });
});
