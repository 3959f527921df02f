import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { before, describe, it } from "node:test";
import sharp from "sharp";
import { getAddress, parseEther } from "viem";
import type { OnWire, UploadAnswer, WorkCredentialsAnswer } from "../src/api";
import { loadSigner, makeDevelopmentIdentity } from "../src/c2pa/certificate";
import { type ContentCredentials, manifestHashToRegister } from "../src/c2pa/credentials";
import { BytesBlob, c2paSdk, sdkSettings } from "../src/c2pa/sdk";
import { gatewayOnChain, json, Preset } from "./setup";

const sha256 = (bytes: Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}`;

/** What the SDK reports about a file, judged with `anchors` as the only trusted CAs. */
async function validate(bytes: Uint8Array, mediaType: string, anchors: string) {
  const reader = await c2paSdk().WasmReader.fromBytes(mediaType, bytes, sdkSettings(anchors));
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's JSON report, read field by field below
  const report = JSON.parse(reader.json()) as any;
  reader.free();
  return { report, active: report.manifests[report.active_manifest] };
}

describe("content credentials (C2PA) through upload and licensed download", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  const identities = {} as Record<"gateway" | "camera", Awaited<ReturnType<typeof makeDevelopmentIdentity>>>;
  let signedJpeg: Uint8Array;
  let manifestStore: Uint8Array;
  let uploaded: UploadAnswer;
  let ipId: bigint;
  let licenseId: bigint;

  before(async () => {
    identities.gateway = await makeDevelopmentIdentity();
    identities.camera = await makeDevelopmentIdentity({ ca: "CN=Test camera maker CA", leaf: "CN=Test camera" });
    t = await gatewayOnChain({
      contentCredentials: {
        identity: identities.gateway,
        trustAnchors: identities.gateway.anchorPem + identities.camera.anchorPem,
      },
    });
    // The artist's picture, signed at creation by a C2PA tool with its own certificate (the "camera").
    const jpeg = await sharp({ create: { width: 320, height: 200, channels: 3, background: "#3366aa" } })
      .jpeg()
      .toBuffer();
    const definition = {
      claim_generator_info: [{ name: "Test Camera", version: "2.1" }],
      title: "harbour.jpg",
      format: "image/jpeg",
      assertions: [
        {
          label: "c2pa.actions",
          data: {
            actions: [
              {
                action: "c2pa.created",
                digitalSourceType: "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
              },
            ],
          },
        },
        {
          label: "stds.schema-org.CreativeWork",
          data: {
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            author: [{ "@type": "Person", name: "Ada Lovelace" }],
          },
        },
      ],
    };
    const builder = c2paSdk().WasmBuilder.fromJson(JSON.stringify(definition), sdkSettings());
    const camera = await loadSigner(identities.camera);
    const signed = await builder.signAndGetManifestBytes(camera.signer, [], "image/jpeg", new BytesBlob(jpeg));
    builder.free();
    signedJpeg = signed.asset;
    manifestStore = signed.manifest;

    uploaded = await json<UploadAnswer>(await t.upload(t.artist, signedJpeg, "image/jpeg"));
    ipId = await t.register(t.artist, uploaded, [Preset.AiTrainingFlatFee]);
    await t.fund(t.aiCompany);
    licenseId = await t.buyLicense(t.aiCompany, ipId, Preset.AiTrainingFlatFee, parseEther("100"));
  });

  it("answers an upload's valid manifest with its claims and the SHA-256 of its manifest store", () => {
    const c = uploaded.contentCredentials;
    assert.equal(c.state, "valid");
    assert.ok(c.state === "valid");
    assert.equal(c.trusted, true);
    assert.equal(c.manifestHash, sha256(manifestStore), "the hash of the store bytes the SDK wrote");
    assert.equal(c.manifest?.claimGenerator, "Test Camera 2.1");
    assert.deepEqual(c.manifest?.authors, ["Ada Lovelace"]);
    assert.deepEqual(
      c.manifest?.actions.map((a) => a.action),
      ["c2pa.created"],
    );
    assert.equal(c.manifest?.signer.commonName, "Test camera");
  });

  it("records the manifest store's hash in the certificate and shows what it commits to", async () => {
    const certificate = await t.gateway.context.reader.certificate(ipId);
    assert.equal(certificate?.c2paManifestHash, sha256(manifestStore));
    const response = await t.call(`/api/works/${ipId}/credentials`);
    assert.equal(response.status, 200);
    const answer = await json<OnWire<WorkCredentialsAnswer>>(response);
    assert.equal(answer.commitment, "matches");
    assert.equal(answer.certificateManifestHash, sha256(manifestStore));
    assert.equal((answer.credentials as ContentCredentials).state, "valid");
  });

  it("serves a licensee the file with the gateway's signed manifest, the original as its parent ingredient", async () => {
    const response = await t.call(`/api/works/${ipId}/content?use=training`, { as: t.aiCompany });
    assert.equal(response.status, 200);
    const served = new Uint8Array(await response.arrayBuffer());
    assert.equal(response.headers.get("x-c2pa"), "gateway-signed");
    assert.equal(response.headers.get("x-content-sha256"), uploaded.sha256, "still names the registered original");
    assert.equal(response.headers.get("x-served-sha256"), sha256(served));
    assert.equal(Number(response.headers.get("content-length")), served.length);
    assert.notEqual(sha256(served), uploaded.sha256);

    // The same SDK, trusting only the gateway's development CA, validates the served file.
    const { report, active } = await validate(served, "image/jpeg", identities.gateway.anchorPem);
    // The gateway's manifest is trusted; the artist's, kept as the ingredient, is signed by a CA not in this list.
    const codes = (list: { code: string }[]) => list.map((s) => s.code);
    assert.deepEqual(report.validation_results.activeManifest.failure, []);
    assert.ok(codes(report.validation_results.activeManifest.success).includes("signingCredential.trusted"));
    assert.ok(codes(report.validation_results.activeManifest.success).includes("assertion.dataHash.match"));
    const both = await validate(served, "image/jpeg", identities.gateway.anchorPem + identities.camera.anchorPem);
    assert.equal(both.report.validation_state, "Trusted", JSON.stringify(both.report.validation_results));
    if (process.env.C2PA_PRINT === "1") {
      console.log("validated manifest store of a served file (trust anchors: the gateway's development CA):");
      console.log(JSON.stringify(report, null, 2));
      console.log(`validation_state with the artist's camera CA trusted too: ${both.report.validation_state}`);
    }
    assert.equal(active.signature_info.common_name, "IP-NFT gateway (development)");
    const license = active.assertions.find((a: { label: string }) => a.label === "org.ipnft.license").data;
    assert.equal(license.chainId, t.chain.deployment.chainId);
    assert.equal(license.registry, t.gateway.context.addresses.registry);
    assert.equal(license.ipId, ipId.toString());
    assert.equal(license.licenseId, licenseId.toString());
    assert.equal(license.licensee, getAddress(t.aiCompany.account.address));
    assert.equal(license.termsId, Preset.AiTrainingFlatFee.toString());
    assert.match(license.termsUri, /^ipfs:\/\//);
    assert.deepEqual(license.original, { cid: uploaded.cid, sha256: uploaded.sha256 });
    const actions = active.assertions.find((a: { label: string }) => a.label.startsWith("c2pa.actions")).data.actions;
    assert.deepEqual(
      actions.map((a: { action: string }) => a.action),
      ["c2pa.opened", "org.ipnft.licensed"],
    );
    const [parent] = active.ingredients;
    assert.equal(parent.relationship, "parentOf");
    const original = uploaded.contentCredentials.state === "valid" ? uploaded.contentCredentials.manifest : undefined;
    assert.equal(parent.active_manifest, original?.label, "the artist's manifest is the parent's");
    assert.equal(report.manifests[parent.active_manifest].claim_generator_info[0].name, "Test Camera");
  });

  it("serves the registered bytes, byte for byte, to a licensee who asks for the original", async () => {
    const response = await t.call(`/api/works/${ipId}/content?use=training&original=1`, { as: t.aiCompany });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("x-c2pa"), null);
    assert.equal(sha256(new Uint8Array(await response.arrayBuffer())), uploaded.sha256);
  });

  it("signs a licensed copy once per license and meters it as one file", async () => {
    const before = await t.gateway.context.ledger.usage(licenseId, t.aiCompany.account.address);
    const first = await t.call(`/api/works/${ipId}/content?use=training`, { as: t.aiCompany });
    const a = new Uint8Array(await first.arrayBuffer());
    const second = await t.call(`/api/works/${ipId}/content?use=training`, { as: t.aiCompany });
    const b = new Uint8Array(await second.arrayBuffer());
    assert.equal(sha256(a), sha256(b));
    await Promise.all(t.gateway.context.pendingRecords);
    const after = await t.gateway.context.ledger.usage(licenseId, t.aiCompany.account.address);
    assert.equal((after?.units ?? 0n) - (before?.units ?? 0n), 2n, "two downloads, two files");
  });

  it("serves a byte range of the signed copy", async () => {
    const whole = new Uint8Array(await (await t.call(`/api/works/${ipId}/content`, { as: t.aiCompany })).arrayBuffer());
    const response = await t.call(`/api/works/${ipId}/content`, { as: t.aiCompany, headers: { range: "bytes=0-99" } });
    assert.equal(response.status, 206);
    assert.equal(response.headers.get("content-range"), `bytes 0-99/${whole.length}`);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), whole.subarray(0, 100));
  });

  it("reports a tampered manifest as invalid with the SDK's codes, and registration records no hash", async () => {
    const tampered = new Uint8Array(signedJpeg);
    const at = Buffer.from(tampered).indexOf("Ada Lovelace");
    tampered.set(new TextEncoder().encode("Eve"), at);
    const answer = await json<UploadAnswer>(await t.upload(t.artist, tampered, "image/jpeg"));
    const c = answer.contentCredentials;
    assert.equal(c.state, "invalid");
    assert.ok(c.state === "invalid");
    assert.match(c.reason ?? "", /^content credentials present but invalid: assertion\.hashedURI\.mismatch/);
    assert.ok(c.codes.includes("assertion.hashedURI.mismatch"));
    assert.equal(manifestHashToRegister(c), undefined);
  });

  it("reports a file changed after signing as invalid: its bytes no longer match the manifest", async () => {
    // Bytes after the image's end: every decoder ignores them, the manifest's hard binding does not.
    const edited = new Uint8Array([...signedJpeg, ...new TextEncoder().encode("appended later")]);
    const response = await t.upload(t.artist, edited, "image/jpeg");
    assert.equal(response.status, 201);
    const answer = await json<UploadAnswer>(response);
    assert.equal(answer.contentCredentials.state, "invalid");
    assert.ok(answer.contentCredentials.state === "invalid");
    assert.ok(answer.contentCredentials.codes.includes("assertion.dataHash.mismatch"));
  });

  it("answers none for a file without content credentials", async () => {
    const plain = await sharp({ create: { width: 16, height: 16, channels: 3, background: "#aa0000" } })
      .png()
      .toBuffer();
    const answer = await json<UploadAnswer>(await t.upload(t.artist, plain, "image/png"));
    assert.deepEqual(answer.contentCredentials, { state: "none" });
  });

  it("signs a licensed PNG that had no manifest, with the original as an ingredient without one", async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#00aa44" } })
      .png()
      .toBuffer();
    const up = await json<UploadAnswer>(await t.upload(t.artist, png, "image/png"));
    const pngIp = await t.register(t.artist, up, [Preset.AiTrainingFlatFee]);
    await t.buyLicense(t.aiCompany, pngIp, Preset.AiTrainingFlatFee, parseEther("100"));
    const response = await t.call(`/api/works/${pngIp}/content?use=training`, { as: t.aiCompany });
    assert.equal(response.headers.get("content-type"), "image/png");
    const served = new Uint8Array(await response.arrayBuffer());
    const { report, active } = await validate(served, "image/png", identities.gateway.anchorPem);
    assert.equal(report.validation_state, "Trusted");
    assert.equal(active.ingredients[0].relationship, "parentOf");
    assert.equal(active.ingredients[0].active_manifest, undefined);
    const certificate = await t.gateway.context.reader.certificate(pngIp);
    assert.match(certificate?.c2paManifestHash ?? "", /^0x0{64}$/, "no manifest, nothing committed");
  });
});
