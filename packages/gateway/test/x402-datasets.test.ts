import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { datasetsAbi } from "@ipnft/protocol/abis";
import { decodePaymentRequiredHeader, decodePaymentResponseHeader } from "@x402/core/http";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { type Address, erc20Abi, getAddress, zeroHash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { newContent, register as registerIp, superTokenBalance } from "../../../test/helpers/protocol";
import type { UploadAnswer } from "../src/api";
import { createGateway } from "../src/create-gateway";
import { serveOnLoopback } from "../src/node-server";
import { gatewayOnChain, json, Kind, Preset } from "./setup";
import { x402OnChain } from "./support/x402";

const PRICE = 50_000n; // the pay-per-file preset's 0.05 of the currency, in the 6-decimal stablecoin
const WRAPPED = PRICE * 10n ** 12n; // the same in the SuperToken's 18 decimals
const UNITS = 24n; // a 25% curator (1 : 3 per weight) and members weighted 1, 2, 3: 3 + 6 + 9 + 6
const noConsent = { licenseId: 0n, deadline: 0n, nonce: 0n, signature: "0x" } as const;

// An x402 payment for a dataset's file is sent to the dataset's inbox, and the gateway's settler flushes it into the
// dataset's pool: the members' income rises by weight, the curator gets its 25% through the pool, never the price.
describe("x402 pay per file into a dataset pays its pool, not its curator", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let server: Awaited<ReturnType<typeof serveOnLoopback>>;
  let chain: Awaited<ReturnType<typeof x402OnChain>>;
  let datasetId: bigint;
  let inbox: Address;
  const members: bigint[] = [];
  const datasets = () => t.contracts.Datasets;
  const url = () => `${server.url}/api/works/${datasetId}/content?use=training`;
  const usdcOf = (who: Address) =>
    t.chain.publicClient.readContract({ address: chain.usdc, abi: erc20Abi, functionName: "balanceOf", args: [who] });
  const claimable = async (ipId: bigint) => {
    const [, amount] = await t.chain.publicClient.readContract({
      address: datasets(),
      abi: datasetsAbi,
      functionName: "memberIncome",
      args: [datasetId, ipId],
    });
    return BigInt(amount);
  };
  const asCurator = async (functionName: "openDataset" | "addMembers", args: readonly unknown[]) =>
    t.wait(await t.artist.writeContract({ address: datasets(), abi: datasetsAbi, functionName, args } as never));

  before(async () => {
    t = await gatewayOnChain();
    chain = await x402OnChain(t);
    const { settler } = chain;
    await t.swapGateway((config) => createGateway({ ...config, payPerFile: { settler } }));
    server = await serveOnLoopback((request) => t.gateway.handle(request));

    // The dataset's own file, sold one file at a time; three of the curator's works as its members.
    const bytes = randomBytes(20_000);
    [bytes[0], bytes[1]] = [0x1f, 0x8b]; // a gzip archive, as a dataset's file would be
    const uploaded = await json<UploadAnswer>(await t.upload(t.artist, bytes, "application/gzip"));
    const content = {
      contentHash: uploaded.sha256,
      contentCid: uploaded.cidBytes,
      metadataCid: uploaded.metadata?.cidBytes ?? uploaded.cidBytes,
      metadataHash: zeroHash,
    };
    datasetId = (
      await registerIp(t.chain, t.artist, { kind: Kind.Dataset, content, termsIds: [Preset.AiTrainingPayPerFile] })
    ).ipId;
    for (let i = 0; i < 3; i++) members.push((await registerIp(t.chain, t.artist, { content: newContent() })).ipId);
    await asCurator("openDataset", [datasetId, 2500]);
    await asCurator("addMembers", [
      datasetId,
      members.map((ipId, i) => ({ ipId, weight: i + 1 })),
      members.map(() => noConsent),
    ]);
    inbox = getAddress(
      await t.chain.publicClient.readContract({
        address: datasets(),
        abi: datasetsAbi,
        functionName: "inboxOf",
        args: [datasetId],
      }),
    );
  });
  after(() => server.close());

  it("asks for the payment to the dataset's inbox, not to the curator", async () => {
    const response = await fetch(url());
    assert.equal(response.status, 402);
    const [offer] = decodePaymentRequiredHeader(response.headers.get("payment-required")!).accepts;
    assert.equal(getAddress(offer.payTo), inbox);
    assert.notEqual(getAddress(offer.payTo), getAddress(t.artist.account.address));
    assert.equal(offer.amount, PRICE.toString());
  });

  it("a paid file's price ends up in the dataset's pool: the members' income rises by weight, the curator gets 25%", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    await chain.mint(account.address, 1_000_000n);
    const curator = getAddress(t.artist.account.address);
    const [curatorUsdc, curatorSuper] = [await usdcOf(curator), await superTokenBalance(t.chain, curator)];
    const before = await Promise.all(members.map(claimable));

    const paying = wrapFetchWithPayment(
      fetch,
      x402Client.fromConfig({
        schemes: [{ network: "eip155:31337", client: new ExactEvmScheme(account) }],
        spendControls: {
          allowedAssets: [{ network: "eip155:31337", asset: chain.usdc, maxAmountPerPayment: PRICE.toString() }],
        },
      }),
    );
    const response = await paying(url());
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(Buffer.from(await response.arrayBuffer()).length, 20_000);
    assert.equal(decodePaymentResponseHeader(response.headers.get("payment-response")!).success, true);

    // the settler flushes the inbox after the bytes are on their way: wait for the pool to have it
    const perUnit = WRAPPED / UNITS;
    const deadline = Date.now() + 20_000;
    while ((await claimable(members[0])) === before[0] && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const got = await Promise.all(members.map(async (ipId, i) => (await claimable(ipId)) - before[i]));
    assert.deepEqual(got, [3n * perUnit, 6n * perUnit, 9n * perUnit], "members by weight: 1/8, 2/8, 3/8");
    assert.equal(await usdcOf(curator), curatorUsdc, "the curator's wallet received no stablecoin directly");
    assert.equal((await superTokenBalance(t.chain, curator)) - curatorSuper, 6n * perUnit, "only its 25%");
    assert.equal(await usdcOf(inbox), 0n, "the inbox wrapped all of it");
    assert.equal(await superTokenBalance(t.chain, inbox), WRAPPED - UNITS * perUnit, "below a wei per unit waits");
  });
});
