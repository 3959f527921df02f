import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import type { UploadAnswer } from "@ipnft/gateway/api";
import { createGateway } from "@ipnft/gateway/create-gateway";
import { usageMeteringFor } from "@ipnft/gateway/metering/usage-receipts";
import { serveOnLoopback } from "@ipnft/gateway/node-server";
import { usageReceiptTypedData } from "@ipnft/protocol/verbs";
import { type Address, parseEther, type TypedDataDefinition } from "viem";
import { gatewayOnChain, json, Preset, signerOf, type Wallet } from "../../gateway/test/setup";
import { runClient } from "../src/client";
import type { Signer } from "../src/request-signature";
import { type TrustedMeter, trustDeployment } from "../src/trust";

const gzipLike = (size: number) => {
  const bytes = randomBytes(size);
  bytes[0] = 0x1f;
  bytes[1] = 0x8b;
  return bytes;
};
const onWire = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v))) as Record<string, unknown>;

/** A gateway that answers for the real one where a test says so: the rest is the real gateway on the real chain. */
type Tamper = (request: Request, real: () => Promise<Response>) => Promise<Response>;

describe("the AI company's client against a gateway that asks it to sign the wrong receipt", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let server: Awaited<ReturnType<typeof serveOnLoopback>>;
  let tamper: Tamper | undefined;
  let trust: TrustedMeter;
  let usageBook: string;
  let metered: { ipId: bigint; licenseId: bigint; fansLicenseId: bigint };
  let tightLicenseId: bigint;
  /** Every EIP-712 primary type the AI company's key signed during a run. */
  let signed: string[];

  const recording = (wallet: Wallet): Signer => {
    const signer = signerOf(wallet);
    return {
      address: signer.address,
      signTypedData: (typedData: TypedDataDefinition) => {
        signed.push(String(typedData.primaryType));
        return signer.signTypedData(typedData);
      },
    };
  };
  const pull = async (wallet = t.aiCompany) =>
    runClient({
      gateway: server.url,
      signer: recording(wallet),
      outDir: await mkdtemp(path.join(tmpdir(), "ai-client-")),
      trust,
      usageBook,
      log: () => {},
    });
  /** A 402 in the gateway's own shape, asking for `receipt`. */
  const receiptRequired = (licenseId: bigint, cumulativeUnits: bigint, receipt: unknown) =>
    Response.json(
      onWire({
        error: "usage_receipt_required",
        reason: "sign this",
        licenseId,
        cumulativeUnits,
        signedUnits: 0n,
        receipt,
      }),
      { status: 402 },
    );
  const isMeteredDownload = (request: Request) =>
    new URL(request.url).pathname === `/api/works/${metered.ipId}/content`;
  const meteredRefusal = (manifest: Awaited<ReturnType<typeof runClient>>) =>
    manifest.failures.find((f) => f.ipId === metered.ipId.toString());

  before(async () => {
    t = await gatewayOnChain();
    await t.swapGateway((config) =>
      createGateway({
        ...config,
        metering: usageMeteringFor({ deployment: t.chain.deployment, client: t.chain.publicClient as never })!,
      }),
    );
    server = await serveOnLoopback((request) => {
      const real = () => t.gateway.handle(request);
      return tamper ? tamper(request, real) : real();
    });
    trust = trustDeployment(t.chain.deployment, "the test chain's deployment");
    usageBook = path.join(await mkdtemp(path.join(tmpdir(), "ai-client-book-")), "usage-book.json");

    /** Metered terms allowing `maxUnpaidUnits` files before the gateway asks for a receipt (and payment). */
    const meteredTerms = (maxUnpaidUnits: bigint) =>
      t.meteredTerms({ maxUnpaidUnits, legalTextURI: `urn:ipnft:terms:test-metered-${maxUnpaidUnits}:v1` });
    const meteredWork = async (termsId: bigint) => {
      const up = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(4_000), "application/gzip"));
      return t.register(t.artist, up, [termsId]);
    };
    // The fan, as a second licensee, holds a work whose gateway asks for a receipt after ONE file.
    const tight = await meteredTerms(1n);
    const tightIpId = await meteredWork(tight);
    tightLicenseId = await t.buyLicense(t.fan, tightIpId, tight, 0n);
    // The AI company holds a work the gateway never blocks on its own: only the forged answers do.
    const loose = await meteredTerms(100n);
    const ipId = await meteredWork(loose);
    const licenseId = await t.buyLicense(t.aiCompany, ipId, loose, 0n);
    const fansLicenseId = await t.buyLicense(t.fan, ipId, loose, 0n);
    metered = { ipId, licenseId, fansLicenseId };
    // A flat-fee work beside it: downloads that owe no receipt go on whatever happens to the metered one.
    const flat = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(2_000), "application/gzip"));
    await t.fund(t.aiCompany);
    await t.buyLicense(
      t.aiCompany,
      await t.register(t.artist, flat, [Preset.AiTrainingFlatFee]),
      Preset.AiTrainingFlatFee,
      parseEther("100"),
    );
  });
  beforeEach(() => {
    tamper = undefined;
    signed = [];
  });
  after(() => server.close());

  it("signs the receipt a 402 asks for in the trusted domain for the units it counted", async () => {
    // First run: the gateway loses the receipts (its answer never comes), so the fan's file stays unsigned.
    tamper = async (request, real) =>
      new URL(request.url).pathname === "/api/usage/receipts" ? new Response("down", { status: 503 }) : real();
    const first = await pull(t.fan);
    assert.ok(first.receipts.every((r) => !r.accepted));
    // Second run: past the bound of one file, the real gateway answers 402 for the unit the client counted.
    tamper = undefined;
    const second = await pull(t.fan);
    assert.deepEqual(second.refused, []);
    assert.deepEqual(
      second.receipts.slice(0, 1).map((r) => [r.licenseId, r.cumulativeUnits, r.accepted]),
      [[tightLicenseId.toString(), "1", true]],
    );
  });

  /** A 402 asking for the protocol's receipt, built for `where` (a chain and a meter), `licenseId` and `units`. */
  const asking = (where: { chainId: number; meter: Address }, licenseId: bigint, units: bigint) => {
    const domain = { chainId: where.chainId, contracts: { UsageMeter: where.meter } };
    const licensee = t.aiCompany.account.address;
    return receiptRequired(
      licenseId,
      units,
      usageReceiptTypedData(domain, { licenseId, licensee, cumulativeUnits: units }),
    );
  };
  const meter = () => ({ chainId: 31337, meter: t.contracts.UsageMeter });
  const forged: Array<[string, () => Response]> = [
    [
      "typed data for another verifying contract",
      () => asking({ ...meter(), meter: t.contracts.LicenseToken }, metered.licenseId, 2n),
    ],
    ["typed data for another chain id", () => asking({ ...meter(), chainId: 1 }, metered.licenseId, 2n)],
    ["a receipt for a license the key does not hold", () => asking(meter(), metered.fansLicenseId, 2n)],
    ["more units than the client counted", () => asking(meter(), metered.licenseId, 40n)],
  ];
  for (const [what, answer] of forged) {
    it(`refuses a 402 asking for ${what}, and signs no receipt`, async () => {
      tamper = async (request, real) => (isMeteredDownload(request) ? answer() : real());
      const manifest = await pull();
      assert.deepEqual(
        signed.filter((type) => type !== "GatewayRequest"),
        [],
      );
      assert.equal(meteredRefusal(manifest)?.error, "receipt_refused");
      assert.equal(manifest.refused.length, 1);
      assert.equal(manifest.files.length, 1, "the flat-fee work still downloads");
    });
  }

  it("refuses to sign usage a gateway says it settles with another meter", async () => {
    tamper = async (request, real) => {
      const response = await real();
      if (new URL(request.url).pathname !== "/api/usage") return response;
      const body = await response.json();
      return Response.json({ ...body, verifyingContract: t.contracts.LicenseToken });
    };
    const manifest = await pull();
    assert.deepEqual(
      signed.filter((type) => type !== "GatewayRequest"),
      [],
    );
    assert.match(manifest.refused[0]?.reason ?? "", /settles usage with chain 31337's UsageMeter 0x/);
  });
});
