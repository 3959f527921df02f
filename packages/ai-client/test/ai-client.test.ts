import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { UploadAnswer } from "@ipnft/gateway/api";
import { createGateway } from "@ipnft/gateway/create-gateway";
import { usageMeteringFor } from "@ipnft/gateway/metering/usage-receipts";
import { serveOnLoopback } from "@ipnft/gateway/node-server";
import { getAddress, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { gatewayOnChain, json, Preset, signerOf } from "../../gateway/test/setup";
import { main } from "../src/cli";
import { type ClientOptions, runClient } from "../src/client";
import { type TrustedMeter, trustDeployment } from "../src/trust";

const gzipLike = (size: number) => {
  const bytes = randomBytes(size);
  bytes[0] = 0x1f;
  bytes[1] = 0x8b;
  return bytes;
};

describe("the AI company's client over HTTP on loopback", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let server: Awaited<ReturnType<typeof serveOnLoopback>>;
  const works: Array<{ ipId: bigint; up: UploadAnswer }> = [];
  let meteredId: bigint;
  let trust: TrustedMeter;
  let usageBook: string;
  /** The client as an AI company runs it: trusting the test chain's deployment, keeping one usage book. */
  const pull = (options: Pick<ClientOptions, "signer" | "outDir">) =>
    runClient({ gateway: server.url, trust, usageBook, log: () => {}, ...options });

  before(async () => {
    t = await gatewayOnChain();
    await t.swapGateway((config) =>
      createGateway({
        ...config,
        metering: usageMeteringFor({ deployment: t.chain.deployment, client: t.chain.publicClient as never })!,
      }),
    );
    server = await serveOnLoopback((request) => t.gateway.handle(request));
    trust = trustDeployment(t.chain.deployment, "the test chain's deployment");
    usageBook = path.join(await mkdtemp(path.join(tmpdir(), "ai-client-book-")), "usage-book.json");

    const meteredTerms = await t.meteredTerms({ maxUnpaidUnits: 5n, legalTextURI: "urn:ipnft:terms:test-metered:v1" });

    await t.fund(t.aiCompany);
    for (const size of [70_000, 600_000]) {
      const up = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(size), "application/gzip"));
      const ipId = await t.register(t.artist, up, [Preset.AiTrainingFlatFee]);
      await t.buyLicense(t.aiCompany, ipId, Preset.AiTrainingFlatFee, parseEther("100"));
      works.push({ ipId, up });
    }
    const up = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(5_000), "application/gzip"));
    meteredId = await t.register(t.artist, up, [meteredTerms]);
    await t.buyLicense(t.aiCompany, meteredId, meteredTerms, 0n);
    works.push({ ipId: meteredId, up });
    // A work the AI company holds no license for: the client must not fetch it.
    await t.register(
      t.artist,
      await json<UploadAnswer>(await t.upload(t.artist, gzipLike(1_000), "application/gzip")),
      [Preset.AiTrainingFlatFee],
    );
  });
  after(() => server.close());

  it("downloads every licensed work, verifies each hash, signs usage and writes a manifest", async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), "ai-client-"));
    const manifest = await pull({ signer: signerOf(t.aiCompany), outDir });
    assert.deepEqual(manifest.failures, []);
    assert.equal(manifest.files.length, 3);
    for (const { ipId, up } of works) {
      const file = manifest.files.find((f) => f.ipId === ipId.toString());
      assert.ok(file, `IP ${ipId} is in the manifest`);
      assert.equal(file.cid, up.cid);
      assert.equal(file.sha256, up.sha256);
      assert.ok(Number(file.licenseId) > 0 && Number(file.block) > 0);
      assert.equal((await readFile(path.join(outDir, file.cid))).length, up.size);
    }
    assert.deepEqual(
      manifest.receipts.map((r) => [r.licenseId, r.cumulativeUnits, r.accepted]),
      [[manifest.files.find((f) => f.ipId === meteredId.toString())!.licenseId, "1", true]],
    );
    const written = JSON.parse(await readFile(path.join(outDir, "manifest.json"), "utf8"));
    assert.equal(written.account, t.aiCompany.account.address);
    assert.equal(written.files.length, 3);
    for (const f of manifest.files) {
      assert.equal(getAddress(f.rightsholder), getAddress(t.artist.account.address), "the creator is recorded");
      assert.equal(f.tdm.reservation, "1", "the gateway's TDMRep reservation is recorded");
    }
    const lines: string[] = [];
    const code = await main(["summary", "--out", outDir], {}, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    assert.equal(code, 0, lines.join("\n"));
    const summary = JSON.parse(lines.join("\n"));
    assert.equal(summary.licensedFromRightsholders.rightsholders, 1);
    assert.equal(summary.tdmReservations.filesWithReservation, 3);
    assert.deepEqual(
      summary.verifiableList.items.map((i: { cid: string }) => i.cid).sort(),
      works.map((w) => w.up.cid).sort(),
    );
  });

  it("rejects a file whose bytes do not match the registered hash, and keeps no copy of it", async () => {
    const victim = works[0].up;
    const stored = path.join(t.dataDir, "originals", victim.cid);
    const original = await readFile(stored);
    const tampered = Buffer.from(original);
    tampered[100] ^= 0xff;
    await writeFile(stored, tampered);
    try {
      const outDir = await mkdtemp(path.join(tmpdir(), "ai-client-"));
      const manifest = await pull({ signer: signerOf(t.aiCompany), outDir });
      assert.deepEqual(
        manifest.failures.map((f) => [f.ipId, f.error]),
        [[works[0].ipId.toString(), "hash_mismatch"]],
      );
      assert.ok(!(await readdir(outDir)).includes(victim.cid));
    } finally {
      await writeFile(stored, original);
    }
  });

  it("lists nothing and downloads nothing for a key without licenses", async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), "ai-client-"));
    const manifest = await pull({ signer: signerOf(t.fan), outDir });
    assert.equal(manifest.files.length, 0);
    assert.deepEqual(await readdir(outDir), ["manifest.json"]);
  });

  /** Hardhat's third default account: the AI company's wallet in these tests. */
  const aiCompanyKey = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
  const command = async (meter: string) => {
    assert.equal(
      privateKeyToAccount(aiCompanyKey).address,
      getAddress(t.aiCompany.account.address),
      "the key is the AI company's",
    );
    const outDir = await mkdtemp(path.join(tmpdir(), "ai-client-"));
    const argv = ["--gateway", server.url, "--out", outDir, "--chain-id", "31337", "--usage-meter", meter];
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const code = await main([...argv, "--usage-book", usageBook], { AI_CLIENT_PRIVATE_KEY: aiCompanyKey }, io);
    return { code, output: lines.join("\n") };
  };

  it("exits 0 from the command line with the meter pinned, every file verified and its usage signed", async () => {
    const { code, output } = await command(trust.usageMeter!);
    assert.equal(code, 0, output);
    assert.match(output, /Usage receipts: 1 accepted/);
  });

  it("exits 1 from the command line pinned to another meter, having signed nothing for the gateway's", async () => {
    const { code, output } = await command(t.contracts.LicenseToken);
    assert.equal(code, 1, output);
    assert.match(output, /REFUSED to sign: The gateway settles usage with chain 31337's UsageMeter/);
  });
});
