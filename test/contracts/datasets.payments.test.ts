/**
 * Payments into a dataset that the first suite does not cover, against the real Superfluid protocol: a streamed
 * license bought on a dataset (its prepaid week and its stream), and stablecoin sent to the dataset's inbox (an
 * x402 `payTo`) that anyone's `flushInbox` wraps and pays into the pool.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { datasetsAbi, licenseTokenAbi, superTokenAbi, testUSDCAbi } from "@ipnft/protocol/abis";
import { flushDatasetInbox, mintTestCurrency } from "@ipnft/protocol/verbs";
import type { Address } from "viem";
import { getAddress, parseEther, parseUnits } from "viem";
import { deployedChain } from "../helpers/chain";
import { add, claimable, datasetsAddress, openDataset, payeeOf } from "../helpers/datasets";
import {
  addresses,
  attachTerms,
  buyLicense,
  type Chain,
  eventArgs,
  fundSuperToken,
  hasAccess,
  Kind,
  Preset,
  register,
  STREAMED_MIN_RATE,
  STREAMED_PREPAID,
  send,
  superTokenBalance,
  Use,
} from "../helpers/protocol";
import { distributeFlow, poolUnits, realtimeBalance } from "../helpers/royalties";

describe("Datasets: a streamed license and x402 payments reach the members", () => {
  let chain: Chain;
  before(async () => {
    chain = await deployedChain();
    for (const w of chain.wallets.slice(1, 7)) await fundSuperToken(chain, w, parseEther("10000"));
  });
  const curator = () => chain.wallets[1];
  const aiCompany = () => chain.wallets[2];
  const stranger = () => chain.wallets[6];

  /** A dataset keeping 25% for the curator, with three of the curator's works weighted 1, 2, 3: 24 units. */
  async function datasetOfThree() {
    const { datasetId, pool } = await openDataset(chain, curator(), 2500);
    const works: bigint[] = [];
    for (let i = 0; i < 3; i++) works.push((await register(chain, curator())).ipId);
    await add(
      chain,
      curator(),
      datasetId,
      works.map((ipId, i) => ({ ipId, weight: i + 1, consent: { kind: "owner" } as const })),
    );
    const payees = await Promise.all(works.map((ipId) => payeeOf(chain, ipId)));
    assert.equal(await poolUnits(chain, pool), 24n, "members 3/6/9, the curator 6");
    return { datasetId, pool, payees };
  }
  const claimables = (pool: Address, payees: Address[]) => Promise.all(payees.map((p) => claimable(chain, pool, p)));

  it("a streamed license bought on a dataset: its prepaid week and its stream reach the members by weight after the curator's 25%", async () => {
    const { datasetId, pool, payees } = await datasetOfThree();
    await attachTerms(chain, curator(), datasetId, Preset.AiTrainingStreamed);
    const licensee = aiCompany().account.address;
    const start = await claimables(pool, payees);
    const { receipt } = await buyLicense(chain, aiCompany(), datasetId, Preset.AiTrainingStreamed);
    assert.equal(eventArgs(receipt.logs, licenseTokenAbi, "LicensePurchased")[0].fee, STREAMED_PREPAID);
    const perUnit = STREAMED_PREPAID / 24n; // the GDA pays whole wei per unit; the rest went back to the buyer
    const prepaid = await claimables(pool, payees);
    assert.deepEqual(
      prepaid.map((c, i) => c - start[i]),
      [3n * perUnit, 6n * perUnit, 9n * perUnit],
      "the prepaid week, split 1:2:3 among the members",
    );
    assert.equal(await hasAccess(chain, datasetId, licensee, Use.AiTraining), false, "no stream yet, no access");

    const rate = 24n * 500_000_000_000n; // above the terms' minimum, and a whole multiple of the pool's units
    assert.ok(rate >= STREAMED_MIN_RATE);
    await distributeFlow(chain, aiCompany(), pool, rate);
    assert.equal(await hasAccess(chain, datasetId, licensee, Use.AiTraining), true, "the stream grants access");
    const curatorBefore = await realtimeBalance(chain, curator().account.address);
    const flowing = await claimables(pool, payees);
    await chain.networkHelpers.time.increase(3600);
    await chain.networkHelpers.mine();
    const curatorAfter = await realtimeBalance(chain, curator().account.address);
    const streamed = rate * (curatorAfter.timestamp - curatorBefore.timestamp);
    const got = (await claimables(pool, payees)).map((c, i) => c - flowing[i]);
    const members = (streamed * 3n) / 4n;
    assert.deepEqual(got, [members / 6n, (members * 2n) / 6n, (members * 3n) / 6n], "1/6, 2/6, 3/6 of 75%");
    assert.equal(curatorAfter.available - curatorBefore.available, streamed / 4n, "the curator's 25%, to the wei");
    await distributeFlow(chain, aiCompany(), pool, 0n);
    assert.equal(await hasAccess(chain, datasetId, licensee, Use.AiTraining), false, "the stream stopped");
  });

  describe("flushInbox", () => {
    const inboxOf = (datasetId: bigint) =>
      chain.publicClient.readContract({
        address: datasetsAddress(chain),
        abi: datasetsAbi,
        functionName: "inboxOf",
        args: [datasetId],
      });
    const flush = (datasetId: bigint) => send(chain, stranger(), flushDatasetInbox(chain.deployment, datasetId));

    it("stablecoin sent to the dataset's inbox is wrapped and paid into the pool by anyone's call, split by units", async () => {
      const { datasetId, pool, payees } = await datasetOfThree();
      const inbox = await inboxOf(datasetId);
      assert.equal(await chain.publicClient.getCode({ address: inbox }), undefined, "no code before the first flush");
      // an x402 payment: a plain stablecoin transfer from the payer to the inbox
      const usdc = parseUnits("10", chain.deployment.currency.underlyingDecimals);
      const payer = aiCompany();
      await send(chain, payer, mintTestCurrency(chain.deployment, payer.account.address, usdc));
      await send(chain, payer, {
        address: addresses(chain).underlying,
        abi: testUSDCAbi,
        functionName: "transfer",
        args: [inbox, usdc],
      });
      const curatorBefore = await realtimeBalance(chain, curator().account.address);
      const before = await claimables(pool, payees);

      const receipt = await flush(datasetId);
      const wrapped = parseEther("10");
      const perUnit = wrapped / 24n;
      const [paid] = eventArgs(receipt.logs, datasetsAbi, "DatasetPaid");
      assert.equal(getAddress(paid.payer as Address), getAddress(inbox), "paid by the inbox");
      assert.equal(paid.amount, 24n * perUnit, "the largest amount the pool splits exactly");
      const got = (await claimables(pool, payees)).map((c, i) => c - before[i]);
      assert.deepEqual(got, [3n * perUnit, 6n * perUnit, 9n * perUnit]);
      const curatorGot = (await realtimeBalance(chain, curator().account.address)).available - curatorBefore.available;
      assert.equal(curatorGot, 6n * perUnit, "the curator's 25%");
      const underlyingLeft = await chain.publicClient.readContract({
        address: addresses(chain).underlying,
        abi: testUSDCAbi,
        functionName: "balanceOf",
        args: [inbox],
      });
      assert.equal(underlyingLeft, 0n, "all the stablecoin was wrapped");
      const waiting = await superTokenBalance(chain, inbox);
      assert.equal(waiting, wrapped - 24n * perUnit, "below one wei per unit waits in the inbox");
      assert.ok(waiting < 24n);
    });

    it("a second flush with nothing new in the inbox pays nothing and moves nothing", async () => {
      const { datasetId, pool, payees } = await datasetOfThree();
      const inbox = await inboxOf(datasetId);
      await send(chain, aiCompany(), {
        address: chain.deployment.currency.superToken,
        abi: superTokenAbi,
        functionName: "transfer",
        args: [inbox, parseEther("2.4")],
      });
      const first = await flush(datasetId);
      assert.equal(eventArgs(first.logs, datasetsAbi, "DatasetPaid")[0].amount, parseEther("2.4"));
      const before = await claimables(pool, payees);
      const second = await flush(datasetId);
      assert.deepEqual(eventArgs(second.logs, datasetsAbi, "DatasetPaid"), [], "no DatasetPaid");
      assert.deepEqual(await claimables(pool, payees), before);
      assert.equal(await superTokenBalance(chain, inbox), 0n);
    });

    it("is refused on a dataset that was never opened, and on an id that is no IP", async () => {
      const { ipId } = await register(chain, curator(), { kind: Kind.Dataset });
      for (const id of [ipId, 987_654_321n]) {
        await assert.rejects(
          chain.publicClient.simulateContract({
            ...flushDatasetInbox(chain.deployment, id),
            account: stranger().account,
          } as never),
          /DatasetsNotOpen/,
        );
      }
    });
  });
});
