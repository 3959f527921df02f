import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { royaltyPoolsAbi } from "@ipnft/protocol/abis";
import { enableShares, holderIncome } from "@ipnft/protocol/verbs";
import { decodePaymentRequiredHeader, decodePaymentResponseHeader } from "@x402/core/http";
import type { PaymentRequired } from "@x402/core/types";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { type Address, erc20Abi, getAddress, type Hex, parseEther, zeroHash } from "viem";
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { buyLicense, fundSuperToken, register as registerIp } from "../../../test/helpers/protocol";
import type { UploadAnswer } from "../src/api";
import { createGateway } from "../src/create-gateway";
import { serveOnLoopback } from "../src/node-server";
import { gatewayOnChain, json, Preset } from "./setup";
import { signPayment, x402OnChain } from "./support/x402";

const PRICE = 50_000n; // the pay-per-file preset's 0.05 of the currency, in the 6-decimal stablecoin
const gzipLike = (size: number) => {
  const bytes = randomBytes(size);
  bytes[0] = 0x1f;
  bytes[1] = 0x8b;
  return bytes;
};

describe("x402 pay per file", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let server: Awaited<ReturnType<typeof serveOnLoopback>>;
  let usdc: Address;
  let chain: Awaited<ReturnType<typeof x402OnChain>>;
  let perFile: bigint;
  let ipA: bigint;
  let ipB: bigint;
  let fileA: UploadAnswer;
  const _rpc = (method: string, params: unknown[]) => t.chain.connection.provider.request({ method, params });
  const balanceOf = (who: Address) =>
    t.chain.publicClient.readContract({ address: usdc, abi: erc20Abi, functionName: "balanceOf", args: [who] });
  const url = (ipId: bigint) => `${server.url}/api/works/${ipId}/content?use=training`;

  /** A payer with its own key and 1 USDC. */
  async function payer(): Promise<PrivateKeyAccount> {
    const account = privateKeyToAccount(generatePrivateKey());
    await chain.mint(account.address, 1_000_000n);
    return account;
  }

  const paying = (account: PrivateKeyAccount) =>
    wrapFetchWithPayment(
      fetch,
      x402Client.fromConfig({
        schemes: [{ network: "eip155:31337", client: new ExactEvmScheme(account) }],
        spendControls: { allowedAssets: [{ network: "eip155:31337", asset: usdc, maxAmountPerPayment: "100000" }] },
      }),
    );

  /** What the gateway asks for a file, read from its PAYMENT-REQUIRED header. */
  async function asked(ipId: bigint): Promise<PaymentRequired> {
    const response = await fetch(url(ipId));
    assert.equal(response.status, 402);
    return decodePaymentRequiredHeader(response.headers.get("payment-required")!);
  }

  const signed = signPayment;
  const send = (ipId: bigint, header: string) => fetch(url(ipId), { headers: { "payment-signature": header } });

  before(async () => {
    t = await gatewayOnChain();
    chain = await x402OnChain(t);
    usdc = chain.usdc;
    const { settler } = chain;
    await t.swapGateway((config) => createGateway({ ...config, payPerFile: { settler } }));
    server = await serveOnLoopback((request) => t.gateway.handle(request));

    perFile = Preset.AiTrainingPayPerFile;
    fileA = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(40_000), "application/gzip"));
    ipA = await t.register(t.artist, fileA, [perFile]);
    const fileB = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(9_000), "application/gzip"));
    ipB = await t.register(t.artist, fileB, [perFile]);
  });
  after(() => server.close());

  it("answers a request without license or payment with 402, PAYMENT-REQUIRED and the offers beside it", async () => {
    const response = await fetch(url(ipA));
    assert.equal(response.status, 402);
    const required = decodePaymentRequiredHeader(response.headers.get("payment-required")!);
    const [offer] = required.accepts;
    assert.deepEqual(
      [offer.scheme, offer.network, offer.asset, offer.amount, offer.payTo],
      ["exact", "eip155:31337", getAddress(usdc), PRICE.toString(), getAddress(t.artist.account.address)],
    );
    assert.deepEqual(offer.extra, { ...t.chain.deployment.currency.underlyingEip712, paymentFlow: "upfront" });
    assert.equal(offer.extra.version, "2");
    const body = await response.json();
    assert.equal(body.error, "license_required");
    assert.deepEqual(body.x402.accepts, required.accepts);
    assert.ok(body.offers.some((o: { termsId: string }) => o.termsId === perFile.toString()));
  });

  it("lets an unmodified x402 fetch client pay once and get the bytes in the same exchange", async () => {
    const account = await payer();
    const [before, owner] = [await balanceOf(account.address), await balanceOf(t.artist.account.address)];
    const response = await paying(account)(url(ipA));
    assert.equal(response.status, 200, await response.clone().text());
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.equal(bytes.length, fileA.size);
    assert.equal(response.headers.get("x-content-sha256"), fileA.sha256);
    const settlement = decodePaymentResponseHeader(response.headers.get("payment-response")!);
    assert.equal(settlement.success, true);
    const receipt = await t.chain.publicClient.getTransactionReceipt({ hash: settlement.transaction as Hex });
    assert.equal(receipt.status, "success");
    assert.equal(before - (await balanceOf(account.address)), PRICE);
    assert.equal((await balanceOf(t.artist.account.address)) - owner, PRICE);
    const kept = await t.gateway.context.payPerFile!.paymentsOf(account.address);
    assert.deepEqual(
      kept.map((p) => [p.ipId, p.transaction, p.amount]),
      [[ipA.toString(), settlement.transaction, PRICE.toString()]],
    );
  });

  const refusedWith = async (response: Response, reason: RegExp) => {
    assert.equal(response.status, 402);
    assert.ok(response.headers.get("payment-required"), "the offer is repeated");
    const body = await response.json();
    assert.equal(body.error, "payment_refused");
    assert.match(body.reason, reason);
    if (process.env.X402_TEST_REASONS) console.log(body.reason);
    assert.equal(body.x402.accepts.length, 1, "no bytes, only the offer");
  };

  it("refuses a payment sent again after it was settled, and serves nothing", async () => {
    const account = await payer();
    const header = await signed(account, await asked(ipA));
    assert.equal((await send(ipA, header)).status, 200);
    const before = await balanceOf(account.address);
    await refusedWith(await send(ipA, header), /already used/);
    assert.equal(await balanceOf(account.address), before);
  });

  it("refuses an underpayment, a payment for another IP, an expired one, one for another network, and a HEAD", async () => {
    const account = await payer();
    const before = await balanceOf(account.address);
    const requiredA = await asked(ipA);
    await refusedWith(await send(ipA, await signed(account, requiredA, { value: PRICE - 1n })), /not valid/);
    await refusedWith(
      await send(ipA, await signed(account, requiredA, { accepted: { amount: (PRICE - 1n).toString() } })),
      /does not match the offer/,
    );
    await refusedWith(
      await send(ipA, await signed(account, await asked(ipB))),
      /made for .*\/api\/works\/\d+\/content/,
    );
    const past = BigInt(Math.floor(Date.now() / 1000) - 10);
    await refusedWith(await send(ipA, await signed(account, requiredA, { validBefore: past })), /not valid/);
    await refusedWith(
      await send(ipA, await signed(account, requiredA, { accepted: { network: "eip155:1" } })),
      /does not match the offer/,
    );
    await refusedWith(await send(ipA, await signed(account, requiredA, { chainId: 1 })), /not valid/);
    const head = await fetch(url(ipA), {
      method: "HEAD",
      headers: { "payment-signature": await signed(account, requiredA) },
    });
    assert.equal(head.status, 402, "a HEAD, which serves no bytes, never settles a payment");
    assert.equal(await balanceOf(account.address), before, "nothing was taken");
  });

  it("settles each of several simultaneous payments once, and the same payment sent twice at once only once", async () => {
    const payers = await Promise.all([payer(), payer(), payer(), payer()]);
    const owner = await balanceOf(t.artist.account.address);
    const responses = await Promise.all(payers.map((p) => paying(p)(url(ipB))));
    assert.deepEqual(
      responses.map((r) => r.status),
      [200, 200, 200, 200],
    );
    const txs = responses.map((r) => decodePaymentResponseHeader(r.headers.get("payment-response")!).transaction);
    assert.equal(new Set(txs).size, 4);
    assert.equal((await balanceOf(t.artist.account.address)) - owner, 4n * PRICE);

    const account = await payer();
    const header = await signed(account, await asked(ipB));
    const twice = await Promise.all([send(ipB, header), send(ipB, header)]);
    assert.deepEqual(twice.map((r) => r.status).sort(), [200, 402]);
    assert.equal(1_000_000n - (await balanceOf(account.address)), PRICE);
  });

  it("pays the IP's share token when it has one, and the holders' income rises by the price", async () => {
    const file = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(5_000), "application/gzip"));
    const ipC = await t.register(t.artist, file, [perFile]);
    await t.wait(await t.artist.writeContract({ ...enableShares(t.chain.deployment, ipC), account: t.artist.account }));
    const [offer] = (await asked(ipC)).accepts;
    const shareToken = await t.chain.publicClient.readContract({
      address: t.chain.deployment.contracts.RoyaltyPools!,
      abi: royaltyPoolsAbi,
      functionName: "shareTokenOf",
      args: [ipC],
    });
    assert.equal(getAddress(offer.payTo), getAddress(shareToken), "the share token is paid, not the owner");
    // The creator holds every share; a work without parents owes them no cut.
    const income = async () => {
      const i = await holderIncome(t.chain.publicClient, t.chain.deployment, ipC, t.artist.account.address);
      return i.claimable + i.availableBalance;
    };
    const before = await income();
    const response = await paying(await payer())(url(ipC));
    assert.equal(response.status, 200);
    const inCurrency = PRICE * 10n ** 12n; // the SuperToken counts 18 decimals
    for (let tries = 0; tries < 50 && (await income()) - before < inCurrency; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal((await income()) - before, inCurrency);
  });

  it("takes the payment a pay-per-file licensee's signed request carries: its license gives no credit", async () => {
    await t.buyLicense(t.aiCompany, ipA, perFile, 0n);
    const unpaid = await t.call(`/api/works/${ipA}/content?use=training`, { as: t.aiCompany });
    assert.equal(unpaid.status, 402, "the free license alone is worth no file");
    const account = await payer();
    const header = await signed(account, await asked(ipA));
    const response = await t.call(`/api/works/${ipA}/content?use=training`, {
      as: t.aiCompany,
      headers: { "payment-signature": header },
    });
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(decodePaymentResponseHeader(response.headers.get("payment-response")!).success, true);
    assert.equal(1_000_000n - (await balanceOf(account.address)), PRICE);
  });

  it("pays a derivative's holders the price less the parent's cut, and the parent's holders that cut", async () => {
    // The parent: the artist's work, shares enabled, sold for remixing at a 10% royalty (the CommercialRemix preset).
    const parentFile = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(6_000), "application/gzip"));
    const ipP = await t.register(t.artist, parentFile, [Preset.CommercialRemix]);
    await t.wait(await t.artist.writeContract({ ...enableShares(t.chain.deployment, ipP), account: t.artist.account }));
    // The derivative: the fan licenses the parent, registers a remix sold per file, and enables its shares, of which
    // the parent's share token then holds its royalty (10%) and the fan the rest.
    await fundSuperToken(t.chain, t.fan, parseEther("100"));
    const { licenseId } = await buyLicense(t.chain, t.fan, ipP, Preset.CommercialRemix);
    const remix = await json<UploadAnswer>(await t.upload(t.fan, gzipLike(7_000), "application/gzip"));
    const content = { contentHash: remix.sha256, contentCid: remix.cidBytes, metadataCid: remix.cidBytes };
    const { ipId: ipD } = await registerIp(t.chain, t.fan, {
      content: { ...content, metadataHash: zeroHash },
      termsIds: [perFile],
      parentLicenseIds: [licenseId],
      royaltyBps: 500,
    });
    await t.wait(await t.fan.writeContract({ ...enableShares(t.chain.deployment, ipD), account: t.fan.account }));
    const parentCutBps = 1_000n;

    const income = async (ipId: bigint, holder: Address) => {
      const i = await holderIncome(t.chain.publicClient, t.chain.deployment, ipId, holder);
      return i.claimable + i.availableBalance;
    };
    const before = {
      fan: await income(ipD, t.fan.account.address),
      artist: await income(ipP, t.artist.account.address),
    };
    const response = await paying(await payer())(url(ipD));
    assert.equal(response.status, 200);
    await response.arrayBuffer();

    const price = PRICE * 10n ** 12n; // in the SuperToken's 18 decimals
    const cut = (price * parentCutBps) / 10_000n;
    // GDA rounding: a share token distributes the largest multiple of its supply (10^6 shares) it holds and keeps the
    // rest for the next distribution, so each level may pay its holders up to 10^6 - 1 wei less than exact. Here
    // the price (5 * 10^16 wei) and the cut are multiples of the supply, so the bound is met with a difference of 0.
    const BOUND = 1_000_000n - 1n;
    const gained = async () => ({
      fan: (await income(ipD, t.fan.account.address)) - before.fan,
      artist: (await income(ipP, t.artist.account.address)) - before.artist,
    });
    let now = await gained();
    for (let tries = 0; tries < 100 && now.artist < cut - BOUND; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      now = await gained();
    }
    const within = (got: bigint, exact: bigint) => got <= exact && exact - got <= BOUND;
    assert.ok(within(now.fan, price - cut), `the derivative's holder got ${now.fan}, expected ${price - cut}`);
    assert.ok(within(now.artist, cut), `the parent's holder got ${now.artist}, expected ${cut}`);
    if (process.env.X402_TEST_REASONS) console.log("rounding left behind:", price - cut - now.fan, cut - now.artist);
  });
});
