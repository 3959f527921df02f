/**
 * Royalties a share token receives in its currency's underlying stablecoin, whatever its decimals, and in a currency
 * that has no underlying (a pure SuperToken), with real tokens on the real Superfluid protocol: what can be wrapped is
 * wrapped and distributed to the holders, what is finer than one wei of the SuperToken waits.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { iPRegistryAbi, shareTokenAbi, superTokenAbi } from "@ipnft/protocol/abis";
import type { Address } from "viem";
import { getAddress, parseEther, parseUnits, zeroAddress } from "viem";
import { superfluidArtifact } from "../../scripts/deploy/artifacts";
import { DEFAULT_DISPUTE_BOND, deployProtocol } from "../../scripts/deploy/protocol";
import { deployArtifact } from "../../scripts/deploy/superfluid";
import {
  addresses,
  type Chain,
  eventArgs,
  newSalt,
  registration,
  registrationCommitment,
  superTokenBalance,
} from "../helpers/protocol";
import { connectPool, holderWorth } from "../helpers/royalties";
import { shareIncomeSuite } from "../helpers/share-income";

const testTokenArtifact = superfluidArtifact("utils/TestToken.sol/TestToken");
const superTokenFactoryAbi = superfluidArtifact("superfluid/SuperTokenFactory.sol/SuperTokenFactory").abi;

describe("Share income in the currency's underlying stablecoin, at any decimals, or in a currency without one", () => {
  const suite = shareIncomeSuite();
  const { artist, fan, wait, clients, workWithShares, payUnderlying, tokenBalance, distributeIncome, sweep } = suite;
  const { marketplace, distributed } = suite;
  let chain: Chain;
  before(() => {
    chain = suite.chain();
  });

  const balanceOf = (token: Address, account: Address) =>
    chain.publicClient.readContract({ address: token, abi: superTokenAbi, functionName: "balanceOf", args: [account] });

  /**
   * The currency is fixed per deployment, so some cases deploy our contracts a second time beside the first, on
   * another real SuperToken; there the artist registers a work (commit, then reveal) and enables its shares.
   */
  async function protocolOn(superToken: Address) {
    const disputes = { arbiter: artist().account.address, bond: DEFAULT_DISPUTE_BOND };
    const contracts = await deployProtocol(clients(), { currency: { superToken }, disputes });
    const r = registration();
    const salt = newSalt();
    const commitment = registrationCommitment(r.contentHash, artist().account.address, salt);
    await wait(
      await artist().writeContract({
        address: contracts.IPRegistry,
        abi: iPRegistryAbi,
        functionName: "commitRegistration",
        args: [commitment],
      }),
    );
    const registered = await wait(
      await artist().writeContract({
        address: contracts.IPRegistry,
        abi: iPRegistryAbi,
        functionName: "register",
        args: [r, salt],
      }),
    );
    const ipId = eventArgs(registered.logs, iPRegistryAbi, "IPRegistered")[0].ipId as bigint;
    const pools = await chain.viem.getContractAt("RoyaltyPools", contracts.RoyaltyPools);
    await wait(await pools.write.enableShares([ipId], { account: artist().account }));
    const shareToken = (await pools.read.shareTokenOf([ipId])) as Address;
    const pool = (await pools.read.poolOf([ipId])) as Address;
    await connectPool(chain, artist(), pool);
    return { shareToken, pool };
  }

  describe("a currency without an underlying (a pure SuperToken)", () => {
    let currency: Address;
    let shareToken: Address;
    before(async () => {
      const proxy = await deployArtifact(clients(), superfluidArtifact("tokens/PureSuperToken.sol/PureSuperToken"));
      await wait(
        await chain.wallets[0].writeContract({
          address: chain.deployment.superfluid.superTokenFactory,
          abi: superTokenFactoryAbi,
          functionName: "initializeCustomSuperToken",
          args: [proxy],
        } as never),
      );
      const pure = superfluidArtifact("tokens/PureSuperToken.sol/PureSuperToken").abi;
      await wait(
        await chain.wallets[0].writeContract({
          address: proxy,
          abi: pure,
          functionName: "initialize",
          args: ["Pure", "PURE", parseEther("1000")],
        } as never),
      );
      currency = getAddress(proxy);
      ({ shareToken } = await protocolOn(currency));
    });

    it("income in it is distributed, with nothing to wrap", async () => {
      await wait(
        await chain.wallets[0].writeContract({
          address: currency,
          abi: superTokenAbi,
          functionName: "transfer",
          args: [shareToken, parseEther("5")],
        }),
      );
      const before = await balanceOf(currency, artist().account.address);
      const receipt = await distributeIncome(shareToken);
      assert.equal(eventArgs(receipt.logs, shareTokenAbi, "IncomeWrapped").length, 0);
      assert.deepEqual(distributed(receipt), [parseEther("5")]);
      assert.equal((await balanceOf(currency, artist().account.address)) - before, parseEther("5"));
    });

    it("an ETH royalty is still swept to the IP's owner (no underlying is not mistaken for ETH)", async () => {
      await wait(await marketplace().sendTransaction({ to: shareToken, value: 1234n }));
      const receipt = await sweep(shareToken, zeroAddress);
      assert.equal(eventArgs(receipt.logs, shareTokenAbi, "Swept")[0].amount, 1234n);
    });
  });

  describe("royalties paid in the currency's underlying stablecoin", () => {
    it("are wrapped into the SuperToken and distributed to the holders by distributeIncome", async () => {
      const { shareToken, pool } = await workWithShares(250_000n);
      await payUnderlying(shareToken, parseUnits("40", 6)); // the deployment's stablecoin: USDC-shaped, 6 decimals
      const fanBefore = await holderWorth(chain, pool, fan().account.address);
      const artistBefore = await holderWorth(chain, pool, artist().account.address);
      const receipt = await distributeIncome(shareToken);
      const [wrapped] = eventArgs(receipt.logs, shareTokenAbi, "IncomeWrapped");
      assert.deepEqual([wrapped.underlyingAmount, wrapped.amount], [parseUnits("40", 6), parseEther("40")]);
      assert.deepEqual(distributed(receipt), [parseEther("40")]);
      assert.equal((await holderWorth(chain, pool, fan().account.address)) - fanBefore, parseEther("10"));
      assert.equal((await holderWorth(chain, pool, artist().account.address)) - artistBefore, parseEther("30"));
      assert.equal(await tokenBalance(addresses(chain).underlying, shareToken), 0n, "no underlying left behind");
      assert.equal(await superTokenBalance(chain, shareToken), 0n, "no SuperToken left behind");
    });

    async function protocolOnUnderlyingOf(decimals: number) {
      const underlying = await deployArtifact(clients(), testTokenArtifact, [
        `Test ${decimals}`,
        `T${decimals}`,
        decimals,
        2n ** 200n,
      ]);
      const create = {
        address: chain.deployment.superfluid.superTokenFactory,
        abi: superTokenFactoryAbi,
        functionName: "createERC20Wrapper",
        args: [underlying, decimals, 1, `Super Test ${decimals}`, `T${decimals}x`],
        account: chain.wallets[0].account,
      } as const;
      const { result } = await chain.publicClient.simulateContract(create as never);
      await wait(await chain.wallets[0].writeContract(create as never));
      const superToken = getAddress(result as unknown as string);
      return { underlying, superToken, ...(await protocolOn(superToken)) };
    }

    it("a 6-decimal underlying (USDC-like) is wrapped at its scale and distributed in full", async () => {
      const { underlying, superToken, shareToken } = await protocolOnUnderlyingOf(6);
      await payUnderlying(shareToken, parseUnits("12.5", 6), underlying);
      const before = await balanceOf(superToken, artist().account.address);
      const receipt = await distributeIncome(shareToken);
      const [wrapped] = eventArgs(receipt.logs, shareTokenAbi, "IncomeWrapped");
      assert.deepEqual([wrapped.underlyingAmount, wrapped.amount], [parseUnits("12.5", 6), parseEther("12.5")]);
      assert.deepEqual(distributed(receipt), [parseEther("12.5")]);
      assert.equal(
        (await balanceOf(superToken, artist().account.address)) - before,
        parseEther("12.5"),
        "the sole holder received it all",
      );
      assert.equal(await tokenBalance(underlying, shareToken), 0n);
    });

    it("an underlying deposit finer than one wei of the SuperToken waits: nothing is wrapped or distributed", async () => {
      const { underlying, superToken, shareToken } = await protocolOnUnderlyingOf(20);
      await payUnderlying(shareToken, 99n, underlying); // 20 decimals: 100 make one wei of the SuperToken
      const receipt = await distributeIncome(shareToken);
      assert.equal(eventArgs(receipt.logs, shareTokenAbi, "IncomeWrapped").length, 0);
      assert.equal(distributed(receipt).length, 0);
      assert.equal(await tokenBalance(underlying, shareToken), 99n);
      assert.equal(await balanceOf(superToken, shareToken), 0n);
    });

    it("an underlying with more decimals than the SuperToken is wrapped but for what is finer than one wei, which waits", async () => {
      const { underlying, superToken, shareToken } = await protocolOnUnderlyingOf(20);
      const paid = parseUnits("3", 20) + 45n; // 45 is finer than one wei of an 18-decimal SuperToken
      await payUnderlying(shareToken, paid, underlying);
      const before = await balanceOf(superToken, artist().account.address);
      const receipt = await distributeIncome(shareToken);
      const [wrapped] = eventArgs(receipt.logs, shareTokenAbi, "IncomeWrapped");
      assert.deepEqual([wrapped.underlyingAmount, wrapped.amount], [parseUnits("3", 20), parseEther("3")]);
      assert.equal((await balanceOf(superToken, artist().account.address)) - before, parseEther("3"));
      assert.equal(await tokenBalance(underlying, shareToken), 45n, "the sub-wei rest waits for more");
      await payUnderlying(shareToken, 55n, underlying);
      await distributeIncome(shareToken);
      assert.equal(await tokenBalance(underlying, shareToken), 0n, "with more it is wrapped too");
      assert.equal(await balanceOf(superToken, shareToken), 1n, "one wei, waiting for a whole wei per share");
    });
  });
});
