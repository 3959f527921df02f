/**
 * What a share token receives and where it goes, with real tokens on the real Superfluid protocol (royalties in the
 * currency's underlying, at any decimals, are in share-income-underlying.test.ts): ETH and other ERC-20s are swept to
 * the IP's owner; income belongs to whoever held the shares when it arrived; remainders below one wei per share
 * wait for the next distribution and nothing else stays behind; a derivative's royalties paid before it has shares
 * still reach its parents.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { shareTokenAbi, superTokenAbi } from "@ipnft/protocol/abis";
import type { Address } from "viem";
import { getAddress, parseEther, parseUnits, zeroAddress } from "viem";
import { superfluidArtifact } from "../../scripts/deploy/artifacts";
import { deployArtifact } from "../../scripts/deploy/superfluid";
import {
  addresses,
  buyLicense,
  type Chain,
  eventArgs,
  Preset,
  register,
  superTokenBalance,
  type Wallet,
} from "../helpers/protocol";
import {
  buyShares,
  enableShares,
  holderWorth,
  openSale,
  poolUnits,
  SUPPLY,
  shareBalance,
  transferShares,
} from "../helpers/royalties";
import { shareIncomeSuite } from "../helpers/share-income";

const testTokenArtifact = superfluidArtifact("utils/TestToken.sol/TestToken");

describe("Share income: royalties in any form reach the holders who held the shares when it arrived", () => {
  const suite = shareIncomeSuite();
  const { artist, fan, stranger, marketplace, wait, clients, workWithShares, payUnderlying } = suite;
  const { tokenBalance, distributeIncome, sweep, distributed } = suite;
  let chain: Chain;
  let registry: Awaited<ReturnType<Chain["viem"]["getContractAt"]>>;
  before(async () => {
    chain = suite.chain();
    registry = await chain.viem.getContractAt("IPRegistry", addresses(chain).registry);
  });
  const fan2 = () => chain.wallets[3];
  const remixer = () => chain.wallets[4];

  /** A marketplace pays `amount` of the SuperToken to `to`, as an ERC-2981 royalty. */
  const paySuperToken = async (to: Address, amount: bigint) =>
    wait(
      await marketplace().writeContract({
        address: addresses(chain).superToken,
        abi: superTokenAbi,
        functionName: "transfer",
        args: [to, amount],
      }),
    );

  describe("ETH and other tokens, which the pool cannot split", () => {
    it("the share token accepts an ETH royalty, so a marketplace paying in ETH does not fail, and anyone sweeps it to the IP's owner", async () => {
      const { shareToken } = await workWithShares(250_000n);
      const paid = await wait(await marketplace().sendTransaction({ to: shareToken, value: parseEther("1.5") }));
      const [received] = eventArgs(paid.logs, shareTokenAbi, "EthReceived");
      assert.deepEqual(
        [getAddress(received.from as string), received.amount],
        [getAddress(marketplace().account.address), parseEther("1.5")],
      );
      const ownerBefore = await chain.publicClient.getBalance({ address: artist().account.address });
      const receipt = await sweep(shareToken, zeroAddress);
      assert.equal(
        (await chain.publicClient.getBalance({ address: artist().account.address })) - ownerBefore,
        parseEther("1.5"),
      );
      assert.equal(await chain.publicClient.getBalance({ address: shareToken }), 0n);
      const [swept] = eventArgs(receipt.logs, shareTokenAbi, "Swept");
      assert.deepEqual(
        [swept.token, getAddress(swept.to as string), swept.amount],
        [zeroAddress, getAddress(artist().account.address), parseEther("1.5")],
      );
    });

    it("any other ERC-20 sent to the share token is swept by anyone to the IP's current owner", async () => {
      const { ipId, shareToken } = await workWithShares();
      const other = await deployArtifact(clients(), testTokenArtifact, ["Other", "OTH", 18, 2n ** 200n]);
      await payUnderlying(shareToken, 7_000n, other);
      await wait(
        await registry.write.transferFrom([artist().account.address, fan2().account.address, ipId], {
          account: artist().account,
        }),
      );
      const receipt = await sweep(shareToken, other);
      assert.equal(
        await tokenBalance(other, fan2().account.address),
        7_000n,
        "the IP's owner now, not who enabled the shares",
      );
      assert.equal(await tokenBalance(other, shareToken), 0n);
      const [swept] = eventArgs(receipt.logs, shareTokenAbi, "Swept");
      assert.deepEqual(
        [getAddress(swept.token as string), getAddress(swept.to as string), swept.amount],
        [getAddress(other), getAddress(fan2().account.address), 7_000n],
      );
    });

    it("sweeping what the share token does not hold sends nothing and says nothing", async () => {
      const { shareToken } = await workWithShares();
      const other = await deployArtifact(clients(), testTokenArtifact, ["Other", "OTH", 18, 2n ** 200n]);
      for (const token of [zeroAddress, other]) {
        const { result } = await chain.publicClient.simulateContract({
          address: shareToken,
          abi: shareTokenAbi,
          functionName: "sweep",
          args: [token],
          account: stranger().account,
        });
        assert.equal(result, 0n);
        assert.equal(eventArgs((await sweep(shareToken, token)).logs, shareTokenAbi, "Swept").length, 0);
      }
    });

    it("shares cannot be sent to the share token itself: ERC20InvalidReceiver", async () => {
      const { shareToken } = await workWithShares();
      const token = await chain.viem.getContractAt("ShareToken", shareToken);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        token.write.transfer([shareToken, 1n], { account: artist().account }),
        token,
        "ERC20InvalidReceiver",
        [getAddress(shareToken)],
      );
    });
  });

  describe("income belongs to the holders when it arrived", () => {
    it("a buyer who buys shares after income arrived receives none of it; the seller receives it", async () => {
      const { shareToken, pool } = await workWithShares();
      await openSale(chain, artist(), shareToken, 500_000n, 1n);
      await paySuperToken(shareToken, parseEther("100"));
      const fanBefore = await holderWorth(chain, pool, fan().account.address);
      const artistBefore = await holderWorth(chain, pool, artist().account.address);
      const bought = await buyShares(chain, fan(), shareToken, 500_000n, 1n);
      assert.deepEqual(distributed(bought), [parseEther("100")], "the purchase first paid out what waited");
      // the buyer's attack: distribute right after buying, hoping to take half of what waited
      assert.deepEqual(distributed(await distributeIncome(shareToken, fan())), []);
      assert.equal(
        (await holderWorth(chain, pool, fan().account.address)) - fanBefore,
        -500_000n,
        "the buyer paid for its shares and got none of the income",
      );
      assert.equal(
        (await holderWorth(chain, pool, artist().account.address)) - artistBefore,
        parseEther("100") + 500_000n,
        "the seller got all of it, and the price",
      );
    });

    it("a holder who sends shares after income arrived keeps its part of that income; the receiver gets none", async () => {
      const { shareToken, pool } = await workWithShares(500_000n);
      await paySuperToken(shareToken, parseEther("60"));
      const worth = async (w: Wallet) => holderWorth(chain, pool, w.account.address);
      const [fanBefore, fan2Before, artistBefore] = [await worth(fan()), await worth(fan2()), await worth(artist())];
      await transferShares(chain, fan(), shareToken, fan2().account.address, 500_000n);
      await distributeIncome(shareToken, fan2());
      assert.equal((await worth(fan())) - fanBefore, parseEther("30"));
      assert.equal((await worth(artist())) - artistBefore, parseEther("30"));
      assert.equal((await worth(fan2())) - fan2Before, 0n);
    });

    it("a royalty waiting in the underlying stablecoin is wrapped and paid to the holders before a transfer moves the shares", async () => {
      const { shareToken, pool } = await workWithShares(500_000n);
      await payUnderlying(shareToken, parseUnits("8", 6)); // the 6-decimal stablecoin
      const fan2Before = await holderWorth(chain, pool, fan2().account.address);
      const fanBefore = await holderWorth(chain, pool, fan().account.address);
      const moved = await transferShares(chain, fan(), shareToken, fan2().account.address, 500_000n);
      assert.equal(eventArgs(moved.logs, shareTokenAbi, "IncomeWrapped")[0].amount, parseEther("8"));
      assert.equal((await holderWorth(chain, pool, fan().account.address)) - fanBefore, parseEther("4"));
      assert.equal((await holderWorth(chain, pool, fan2().account.address)) - fan2Before, 0n);
    });

    it("a transfer with nothing waiting distributes nothing", async () => {
      const { shareToken } = await workWithShares(500_000n);
      const moved = await transferShares(chain, fan(), shareToken, fan2().account.address, 1_000n);
      assert.equal(distributed(moved).length, 0);
      assert.equal(eventArgs(moved.logs, shareTokenAbi, "IncomeWrapped").length, 0);
    });
  });

  describe("transfers that move nothing", () => {
    it("a transfer of zero shares, or of shares to their own holder, moves no units and leaves waiting income waiting", async () => {
      const { shareToken, pool } = await workWithShares(500_000n);
      await paySuperToken(shareToken, parseEther("2"));
      const token = await chain.viem.getContractAt("ShareToken", shareToken);
      for (const [to, amount] of [
        [fan2().account.address, 0n],
        [fan().account.address, 1_000n],
      ] as const) {
        const receipt = await wait(await token.write.transfer([to, amount], { account: fan().account }));
        assert.equal(distributed(receipt).length, 0);
        assert.equal(eventArgs(receipt.logs, shareTokenAbi, "Transfer").length, 1, "still an ERC-20 Transfer");
      }
      assert.equal(await shareBalance(chain, shareToken, fan().account.address), 500_000n);
      assert.equal(await poolUnits(chain, pool, fan().account.address), 500_000n);
      assert.equal(await superTokenBalance(chain, shareToken), parseEther("2"));
    });
  });

  describe("remainders below one wei per share", () => {
    it("distributeIncome pays whole wei per share and keeps the remainder for the next distribution", async () => {
      const { shareToken } = await workWithShares(250_000n);
      await paySuperToken(shareToken, SUPPLY * 5n + 123n);
      assert.deepEqual(distributed(await distributeIncome(shareToken)), [SUPPLY * 5n]);
      assert.equal(await superTokenBalance(chain, shareToken), 123n, "the remainder waits");
      await paySuperToken(shareToken, SUPPLY * 2n - 123n);
      assert.deepEqual(
        distributed(await distributeIncome(shareToken)),
        [SUPPLY * 2n],
        "and goes out with the next income",
      );
      assert.equal(await superTokenBalance(chain, shareToken), 0n);
    });

    it("less than one wei per share waits: distributeIncome distributes nothing and says nothing", async () => {
      const { shareToken } = await workWithShares(250_000n);
      await paySuperToken(shareToken, SUPPLY - 1n);
      const { result } = await chain.publicClient.simulateContract({
        address: shareToken,
        abi: shareTokenAbi,
        functionName: "distributeIncome",
        account: stranger().account,
      });
      assert.equal(result, 0n);
      assert.equal(distributed(await distributeIncome(shareToken)).length, 0);
      assert.equal(await superTokenBalance(chain, shareToken), SUPPLY - 1n);
    });
  });

  describe("a derivative's royalties before it has shares", () => {
    /** A parent with shares (the fan holds half) and a derivative of it, without shares, by the remixer. */
    async function parentAndDerivative() {
      const parent = await workWithShares(500_000n, [Preset.CommercialRemix]);
      const { licenseId } = await buyLicense(chain, remixer(), parent.ipId, Preset.CommercialRemix); // 10% royalty
      const { ipId: child } = await register(chain, remixer(), { parentLicenseIds: [licenseId], royaltyBps: 500 });
      return { parent, child };
    }

    it("royaltyInfo of a derivative without shares names the address its share token will have; of an original, its owner", async () => {
      const { parent, child } = await parentAndDerivative();
      const pools = await chain.viem.getContractAt("RoyaltyPools", chain.deployment.contracts.RoyaltyPools as Address);
      const [receiver, amount] = (await registry.read.royaltyInfo([child, parseEther("1000")])) as [Address, bigint];
      assert.equal(getAddress(receiver), getAddress((await pools.read.predictShareToken([child])) as string));
      assert.equal(amount, parseEther("50"));
      const { ipId: original } = await register(chain, artist());
      assert.equal(
        getAddress(((await registry.read.royaltyInfo([original, 1n])) as [Address])[0]),
        getAddress(artist().account.address),
      );
      assert.equal(
        getAddress(((await registry.read.royaltyInfo([parent.ipId, 1n])) as [Address])[0]),
        getAddress(parent.shareToken),
      );
    });

    it("a royalty paid to a derivative before its shares exist reaches its parent's holders once its shares are enabled", async () => {
      const { parent, child } = await parentAndDerivative();
      const [receiver] = (await registry.read.royaltyInfo([child, parseEther("1000")])) as [Address, bigint];
      await paySuperToken(receiver, parseEther("50"));
      await payUnderlying(receiver, parseUnits("20", 6)); // the 6-decimal stablecoin

      const { shareToken: childShares, pool: childPool } = await enableShares(chain, remixer(), child);
      assert.equal(getAddress(childShares), getAddress(receiver), "the royalty waited where the share token now lives");
      const remixerBefore = await holderWorth(chain, childPool, remixer().account.address);
      const parentTokenBefore = await superTokenBalance(chain, parent.shareToken);
      assert.deepEqual(distributed(await distributeIncome(childShares)), [parseEther("70")]);
      assert.equal(
        (await superTokenBalance(chain, parent.shareToken)) - parentTokenBefore,
        parseEther("7"),
        "the parent's 10%",
      );
      assert.equal(
        (await holderWorth(chain, childPool, remixer().account.address)) - remixerBefore,
        parseEther("63"),
        "the remixer's 90%",
      );

      const fanBefore = await holderWorth(chain, parent.pool, fan().account.address);
      await distributeIncome(parent.shareToken);
      assert.equal(
        (await holderWorth(chain, parent.pool, fan().account.address)) - fanBefore,
        parseEther("3.5"),
        "half the parent's cut reaches the fan holding half the parent",
      );
    });

    it("the currency, its underlying and a derivative's shares held by a parent are never swept: ShareTokenNotSweepable", async () => {
      const { parent, child } = await parentAndDerivative();
      const { shareToken: childShares } = await enableShares(chain, remixer(), child);
      assert.equal(await shareBalance(chain, childShares, parent.shareToken), SUPPLY / 10n);
      const token = await chain.viem.getContractAt("ShareToken", parent.shareToken);
      for (const notSweepable of [
        childShares,
        addresses(chain).superToken,
        addresses(chain).underlying,
        parent.shareToken,
      ]) {
        await chain.viem.assertions.revertWithCustomErrorWithArgs(
          token.write.sweep([notSweepable], { account: stranger().account }),
          token,
          "ShareTokenNotSweepable",
          [getAddress(notSweepable)],
        );
      }
    });
  });
});
