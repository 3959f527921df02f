import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { decodePaymentRequiredHeader, decodePaymentResponseHeader } from "@x402/core/http";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { type Address, erc20Abi } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { UploadAnswer } from "../src/api";
import { createGateway } from "../src/create-gateway";
import { usageMeteringFor } from "../src/metering/usage-receipts";
import { gatewayOnChain, json, Preset } from "./setup";
import { x402OnChain } from "./support/x402";

const PRICE = 50_000n; // the pay-per-file preset's 0.05 of the currency, in the 6-decimal stablecoin

/**
 * Pay-per-file terms cost nothing to get and give no credit (maxUnpaidUnits 0, as on chain): a license under them must
 * not be a way to take files unpaid. The gateway here runs as a served one does, with metering and x402 both on.
 */
describe("pay-per-file terms give no credit", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let chain: Awaited<ReturnType<typeof x402OnChain>>;
  let ipId: bigint;
  let file: UploadAnswer;
  const balanceOf = (who: Address) =>
    t.chain.publicClient.readContract({ address: chain.usdc, abi: erc20Abi, functionName: "balanceOf", args: [who] });

  before(async () => {
    t = await gatewayOnChain();
    chain = await x402OnChain(t);
    const { settler } = chain;
    const metering = usageMeteringFor({
      deployment: t.chain.deployment,
      client: t.chain.publicClient as never,
      settler: t.chain.wallets[0] as never,
    });
    await t.swapGateway((config) => createGateway({ ...config, metering, payPerFile: { settler } }));
    const bytes = randomBytes(20_000);
    bytes[0] = 0x1f; // gzip's magic, so the upload is taken as the gzip it claims to be
    bytes[1] = 0x8b;
    file = await json<UploadAnswer>(await t.upload(t.artist, bytes, "application/gzip"));
    ipId = await t.register(t.artist, file, [Preset.AiTrainingPayPerFile]);
  });
  after(() => t.gateway.close());

  const path = () => `/api/works/${ipId}/content?use=training`;

  it("a free pay-per-file license gives no file without payment", async () => {
    const attacker = t.fan;
    await t.buyLicense(attacker, ipId, Preset.AiTrainingPayPerFile, 0n);
    // Before the fix, each such license took DEFAULT_MAX_UNSIGNED_UNITS (10) files (unbounded without metering).
    for (let i = 0; i < 12; i++) {
      const response = await t.call(path(), { as: attacker });
      assert.equal(response.status, 402, `request ${i + 1} was answered ${response.status}`);
      const required = decodePaymentRequiredHeader(response.headers.get("payment-required")!);
      assert.equal(required.accepts[0].scheme, "exact");
      assert.equal(required.accepts[0].amount, PRICE.toString());
      const body = await response.json();
      assert.equal(body.error, "license_required");
      assert.equal(body.x402.accepts.length, 1);
    }
    const head = await t.call(path(), { as: attacker, method: "HEAD" });
    assert.equal(head.status, 402, "a HEAD is refused too");
  });

  it("a pay-per-file licensee who pays by x402 gets the file, and pays once per file", async () => {
    const licensee = t.aiCompany;
    await t.buyLicense(licensee, ipId, Preset.AiTrainingPayPerFile, 0n);
    const payerAccount = privateKeyToAccount(generatePrivateKey());
    await chain.mint(payerAccount.address, 1_000_000n);
    const pay = wrapFetchWithPayment(
      (input, init) => {
        const headers: Record<string, string> = {};
        new Request(input, init).headers.forEach((value, name) => {
          headers[name] = value;
        });
        return t.call(path(), { as: licensee, headers });
      },
      x402Client.fromConfig({
        schemes: [{ network: "eip155:31337", client: new ExactEvmScheme(payerAccount) }],
        spendControls: {
          allowedAssets: [{ network: "eip155:31337", asset: chain.usdc, maxAmountPerPayment: "100000" }],
        },
      }),
    );
    for (let i = 1n; i <= 2n; i++) {
      const response = await pay(`http://gateway.test${path()}`);
      assert.equal(response.status, 200, await response.clone().text());
      assert.equal(Buffer.from(await response.arrayBuffer()).length, file.size);
      assert.equal(decodePaymentResponseHeader(response.headers.get("payment-response")!).success, true);
      assert.equal(1_000_000n - (await balanceOf(payerAccount.address)), i * PRICE);
    }
  });
});
