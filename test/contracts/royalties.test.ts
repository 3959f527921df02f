import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { royaltyPoolsAbi, shareTokenAbi, superTokenAbi } from "@ipnft/protocol/abis";
import type { Address } from "viem";
import { getAddress, parseEther, zeroAddress } from "viem";
import { deployedChain } from "../helpers/chain";
import {
  addresses,
  buyLicense,
  type Chain,
  eventArgs,
  fundSuperToken,
  hasAccess,
  Preset,
  register,
  STREAMED_MIN_RATE,
  superTokenBalance,
  Use,
} from "../helpers/protocol";
import {
  workWithShares as artistWork,
  buyShares,
  distributeFlow,
  enableShares,
  holderWorth,
  memberFlowRate,
  OFFERED_PRESETS,
  openSale,
  poolUnits,
  realtimeBalance,
  royaltyAddresses,
  SUPPLY,
  shareBalance,
  transferShares,
} from "../helpers/royalties";

describe("Revenue shares and royalties streamed through Superfluid GDA pools", () => {
  let chain: Chain;
  let pools: Awaited<ReturnType<Chain["viem"]["getContractAt"]>>;
  before(async () => {
    chain = await deployedChain();
    pools = await chain.viem.getContractAt("RoyaltyPools", royaltyAddresses(chain).pools);
    for (const w of chain.wallets.slice(1, 6)) await fundSuperToken(chain, w, parseEther("100000"));
  });
  const artist = () => chain.wallets[1];
  const aiCompany = () => chain.wallets[2];
  const fan = () => chain.wallets[3];
  const fan2 = () => chain.wallets[4];
  const remixer = () => chain.wallets[5];

  /** A work of the artist offered under the usual presets (or `termsIds`), with its shares enabled. */
  const workWithShares = (termsIds: bigint[] = OFFERED_PRESETS) => artistWork(chain, artist(), termsIds);

  describe("enabling shares", () => {
    it("mints the whole supply to the IP owner and mirrors it into pool units", async () => {
      const { ipId } = await register(chain, artist());
      const { shareToken, pool, receipt } = await enableShares(chain, artist(), ipId);
      assert.equal(await shareBalance(chain, shareToken, artist().account.address), SUPPLY);
      assert.equal(await poolUnits(chain, pool, artist().account.address), SUPPLY);
      assert.equal(await poolUnits(chain, pool), SUPPLY);
      assert.equal(getAddress((await pools.read.shareTokenOf([ipId])) as string), getAddress(shareToken));
      assert.equal(getAddress((await pools.read.poolOf([ipId])) as string), getAddress(pool));
      assert.equal(getAddress((await pools.read.predictShareToken([ipId])) as string), getAddress(shareToken));
      const [ev] = eventArgs(receipt.logs, royaltyPoolsAbi, "SharesEnabled");
      assert.equal(getAddress(ev.owner as string), getAddress(artist().account.address));
      const token = await chain.viem.getContractAt("ShareToken", shareToken);
      assert.equal(await token.read.decimals(), 0);
      assert.equal(await token.read.symbol(), `IPS${ipId}`);
      assert.equal(await token.read.name(), `IP #${ipId} revenue shares`);
    });

    it("a stranger cannot enable an IP's shares: RoyaltyPoolsNotOwnerOrApproved", async () => {
      const { ipId } = await register(chain, artist());
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        pools.write.enableShares([ipId], { account: fan().account }),
        pools,
        "RoyaltyPoolsNotOwnerOrApproved",
        [ipId, getAddress(fan().account.address)],
      );
      assert.equal(await pools.read.shareTokenOf([ipId]), zeroAddress);
    });

    it("an account the owner approved for the IP-NFT enables its shares, and the owner receives them", async () => {
      const { ipId } = await register(chain, artist());
      const registry = await chain.viem.getContractAt("IPRegistry", addresses(chain).registry);
      await registry.write.approve([fan().account.address, ipId], { account: artist().account });
      const { shareToken } = await enableShares(chain, fan(), ipId);
      assert.equal(await shareBalance(chain, shareToken, artist().account.address), SUPPLY);
      assert.equal(await shareBalance(chain, shareToken, fan().account.address), 0n);
    });

    it("an operator the owner approved for all its IP-NFTs enables an IP's shares", async () => {
      const { ipId } = await register(chain, artist());
      const registry = await chain.viem.getContractAt("IPRegistry", addresses(chain).registry);
      await registry.write.setApprovalForAll([fan2().account.address, true], { account: artist().account });
      const { shareToken } = await enableShares(chain, fan2(), ipId);
      assert.equal(await shareBalance(chain, shareToken, artist().account.address), SUPPLY);
      await registry.write.setApprovalForAll([fan2().account.address, false], { account: artist().account });
    });

    it("enabling twice reverts with RoyaltyPoolsSharesAlreadyEnabled", async () => {
      const { ipId, shareToken } = await workWithShares();
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        pools.write.enableShares([ipId], { account: artist().account }),
        pools,
        "RoyaltyPoolsSharesAlreadyEnabled",
        [ipId, getAddress(shareToken)],
      );
    });

    it("a share token is initialized once, and only RoyaltyPools connects it to pools", async () => {
      const { shareToken, pool } = await workWithShares([]);
      const token = await chain.viem.getContractAt("ShareToken", shareToken);
      await chain.viem.assertions.revertWithCustomError(
        token.write.initialize([1n, "x", "x", fan().account.address, [], []], { account: fan().account }),
        token,
        "ShareTokenAlreadyInitialized",
      );
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        token.write.connectToPool([pool], { account: fan().account }),
        token,
        "ShareTokenUnauthorized",
        [getAddress(fan().account.address)],
      );
    });
  });

  describe("primary sale", () => {
    it("a fan buys shares at the fixed price: the creator is paid and the units follow", async () => {
      const { shareToken, pool } = await workWithShares();
      await openSale(chain, artist(), shareToken, 300_000n, parseEther("0.001"));
      const before = await superTokenBalance(chain, artist().account.address);
      const receipt = await buyShares(chain, fan(), shareToken, 250_000n, parseEther("0.001"));
      assert.equal((await superTokenBalance(chain, artist().account.address)) - before, parseEther("250"));
      assert.equal(await poolUnits(chain, pool, fan().account.address), 250_000n);
      assert.equal(await poolUnits(chain, pool, artist().account.address), 750_000n);
      const [ev] = eventArgs(receipt.logs, shareTokenAbi, "SharesBought");
      assert.equal(ev.amount, 250_000n);
      assert.equal(ev.connected, true, "the fan is connected to the pool so income lands in the balance");
      const token = await chain.viem.getContractAt("ShareToken", shareToken);
      assert.deepEqual(await token.read.sale(), [50_000n, parseEther("0.001")]);
    });

    it("sale errors: not the creator, invalid, beyond balance, exhausted, price above max, zero, closed", async () => {
      const { shareToken } = await workWithShares([]);
      const token = await chain.viem.getContractAt("ShareToken", shareToken);
      const A = chain.viem.assertions;
      const closeSaleAs = (w: Chain["wallets"][number]) =>
        (token.write as unknown as { closeSale: (o: object) => Promise<`0x${string}`> }).closeSale({
          account: w.account,
        });
      await A.revertWithCustomErrorWithArgs(
        token.write.openSale([1n, 1n], { account: fan().account }),
        token,
        "ShareTokenNotCreator",
        [getAddress(fan().account.address)],
      );
      await A.revertWithCustomErrorWithArgs(
        token.write.openSale([0n, 1n], { account: artist().account }),
        token,
        "ShareTokenInvalidSale",
        [0n, 1n],
      );
      await A.revertWithCustomErrorWithArgs(
        token.write.openSale([SUPPLY + 1n, 1n], { account: artist().account }),
        token,
        "ShareTokenSaleExceedsBalance",
        [SUPPLY + 1n, SUPPLY],
      );
      await A.revertWithCustomError(
        token.write.buyShares([1n, 1n], { account: fan().account }),
        token,
        "ShareTokenNoSale",
      );
      await A.revertWithCustomError(closeSaleAs(artist()), token, "ShareTokenNoSale");
      await openSale(chain, artist(), shareToken, 10n, 100n);
      await A.revertWithCustomError(
        token.write.buyShares([0n, 100n], { account: fan().account }),
        token,
        "ShareTokenZeroAmount",
      );
      await A.revertWithCustomErrorWithArgs(
        token.write.buyShares([11n, 100n], { account: fan().account }),
        token,
        "ShareTokenSaleExhausted",
        [11n, 10n],
      );
      await A.revertWithCustomErrorWithArgs(
        token.write.buyShares([1n, 99n], { account: fan().account }),
        token,
        "ShareTokenPriceAboveMax",
        [100n, 99n],
      );
      await A.revertWithCustomErrorWithArgs(closeSaleAs(fan()), token, "ShareTokenNotCreator", [
        getAddress(fan().account.address),
      ]);
      await closeSaleAs(artist());
      await A.revertWithCustomError(
        token.write.buyShares([1n, 100n], { account: fan().account }),
        token,
        "ShareTokenNoSale",
      );
    });
  });

  describe("streams", () => {
    it("a fan who buys 25% of a work's shares receives 25% of its stream", async () => {
      const { ipId, shareToken, pool } = await workWithShares();
      await openSale(chain, artist(), shareToken, 250_000n, 1n);
      await buyShares(chain, fan(), shareToken, 250_000n);
      await buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingStreamed);
      const requested = STREAMED_MIN_RATE * 3n + 123n; // not a multiple of the units: Superfluid rounds it down
      await distributeFlow(chain, aiCompany(), pool, requested);
      const total = (await pools.read.poolFlowRate([ipId])) as bigint;
      assert.equal(
        total,
        requested - (requested % SUPPLY),
        "the pool flows the requested rate rounded down to a whole rate per unit",
      );
      const fanRate = await memberFlowRate(chain, pool, fan().account.address);
      assert.equal(fanRate * 4n, total, "exactly a quarter of the flow");
      const start = await realtimeBalance(chain, fan().account.address);
      await chain.networkHelpers.time.increase(3600);
      const end = await realtimeBalance(chain, fan().account.address);
      assert.equal(end.available - start.available, fanRate * (end.timestamp - start.timestamp));
      assert.equal(await pools.read.licenseeFlowRate([ipId, aiCompany().account.address]), total);
      const [rate, claimable, connected] = (await pools.read.holderIncome([ipId, fan().account.address])) as [
        bigint,
        bigint,
        boolean,
      ];
      assert.deepEqual([rate, claimable, connected], [fanRate, 0n, true]);
      await distributeFlow(chain, aiCompany(), pool, 0n);
    });

    it("a share transfer moves the stream to the new holder", async () => {
      const { ipId, shareToken, pool } = await workWithShares();
      await buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingStreamed);
      await distributeFlow(chain, aiCompany(), pool, STREAMED_MIN_RATE * 10n);
      const total = (await pools.read.poolFlowRate([ipId])) as bigint;
      await transferShares(chain, artist(), shareToken, fan2().account.address, 400_000n);
      assert.equal(await poolUnits(chain, pool, fan2().account.address), 400_000n);
      // Superfluid may round the flow per unit down by 1 wei/s when units move (the remainder flows to the pool
      // admin, the share token, whose distributeIncome passes it on): so within 1 wei/s per unit held.
      const fan2Rate = await memberFlowRate(chain, pool, fan2().account.address);
      const artistRate = await memberFlowRate(chain, pool, artist().account.address);
      assert.ok((total * 4n) / 10n - fan2Rate <= 400_000n && fan2Rate <= (total * 4n) / 10n, `fan2 rate ${fan2Rate}`);
      assert.ok(
        (total * 6n) / 10n - artistRate <= 600_000n && artistRate <= (total * 6n) / 10n,
        `artist rate ${artistRate}`,
      );
      assert.equal(fan2Rate * 6n, artistRate * 4n, "the rates stand exactly as the shares");
      // not connected yet: the income accrues in the pool, claimable, and is not lost
      const before = await holderWorth(chain, pool, fan2().account.address);
      await chain.networkHelpers.time.increase(1000);
      const after = await holderWorth(chain, pool, fan2().account.address);
      assert.equal(after - before, fan2Rate * 1000n);
      await distributeFlow(chain, aiCompany(), pool, 0n);
    });

    it("a streamed license grants access only while its stream flows at no less than the minimum rate", async () => {
      const { ipId, pool } = await workWithShares();
      const who = aiCompany().account.address;
      await buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingStreamed);
      assert.equal(await hasAccess(chain, ipId, who, Use.AiTraining), false, "no stream yet");
      await distributeFlow(chain, aiCompany(), pool, STREAMED_MIN_RATE);
      assert.equal(await hasAccess(chain, ipId, who, Use.AiTraining), true, "streaming at the minimum");
      await distributeFlow(chain, aiCompany(), pool, STREAMED_MIN_RATE - SUPPLY);
      assert.equal(await hasAccess(chain, ipId, who, Use.AiTraining), false, "below the minimum");
      await distributeFlow(chain, aiCompany(), pool, STREAMED_MIN_RATE * 2n);
      assert.equal(await hasAccess(chain, ipId, who, Use.AiTraining), true);
      await distributeFlow(chain, aiCompany(), pool, 0n);
      assert.equal(await hasAccess(chain, ipId, who, Use.AiTraining), false, "access ends when the stream stops");
    });

    it("a streamed license cannot be bought before the IP has shares: LicenseTokenStreamNeedsShares", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.AiTrainingStreamed] });
      const licenses = await chain.viem.getContractAt("LicenseToken", addresses(chain).licenses);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.buyLicense([ipId, Preset.AiTrainingStreamed, 0n], { account: aiCompany().account }),
        licenses,
        "LicenseTokenStreamNeedsShares",
        [ipId],
      );
    });
  });

  describe("instant payments", () => {
    it("an upfront license fee is distributed at once to every holder in proportion to their shares", async () => {
      const { ipId, shareToken, pool } = await workWithShares();
      await openSale(chain, artist(), shareToken, 100_000n, 1n);
      await buyShares(chain, fan(), shareToken, 100_000n);
      const fanBefore = await holderWorth(chain, pool, fan().account.address);
      const artistBefore = await holderWorth(chain, pool, artist().account.address);
      await buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingFlatFee);
      assert.equal((await holderWorth(chain, pool, fan().account.address)) - fanBefore, parseEther("10"));
      assert.equal((await holderWorth(chain, pool, artist().account.address)) - artistBefore, parseEther("90"));
    });

    it("ERC-2981 royalties sent to the share token reach the holders through distributeIncome", async () => {
      const { ipId, shareToken, pool } = await workWithShares([]);
      const registry = await chain.viem.getContractAt("IPRegistry", addresses(chain).registry);
      const [receiver, royalty] = (await registry.read.royaltyInfo([ipId, parseEther("1000")])) as [Address, bigint];
      assert.equal(getAddress(receiver), getAddress(shareToken));
      await fan().writeContract({
        address: addresses(chain).superToken,
        abi: superTokenAbi,
        functionName: "transfer",
        args: [receiver, royalty],
      });
      const before = await holderWorth(chain, pool, artist().account.address);
      const hash = await fan().writeContract({
        address: shareToken,
        abi: shareTokenAbi,
        functionName: "distributeIncome",
      });
      const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
      assert.equal(eventArgs(receipt.logs, shareTokenAbi, "IncomeDistributed")[0].amount, royalty);
      assert.equal((await holderWorth(chain, pool, artist().account.address)) - before, royalty);
    });
  });

  describe("derivative royalties", () => {
    it("income of a derivative reaches the parent's holders through the parent's pool", async () => {
      const parent = await workWithShares();
      await openSale(chain, artist(), parent.shareToken, 500_000n, 1n);
      await buyShares(chain, fan(), parent.shareToken, 500_000n);
      const { licenseId } = await buyLicense(chain, remixer(), parent.ipId, Preset.CommercialRemix);
      const { ipId: child } = await register(chain, remixer(), {
        parentLicenseIds: [licenseId],
        termsIds: [Preset.AiTrainingFlatFee],
      });
      const licenses = await chain.viem.getContractAt("LicenseToken", addresses(chain).licenses);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.buyLicense([child, Preset.AiTrainingFlatFee, parseEther("100")], {
          account: aiCompany().account,
        }),
        licenses,
        "RoyaltyPoolsDerivativeWithoutShares",
        [child],
      );
      const { shareToken: childShares } = await enableShares(chain, remixer(), child);
      assert.equal(
        await shareBalance(chain, childShares, parent.shareToken),
        100_000n,
        "10% of the derivative's shares belong to the parent",
      );
      assert.equal(await shareBalance(chain, childShares, remixer().account.address), 900_000n);

      const fanBefore = await holderWorth(chain, parent.pool, fan().account.address);
      await buyLicense(chain, aiCompany(), child, Preset.AiTrainingFlatFee);
      assert.equal(await superTokenBalance(chain, parent.shareToken), parseEther("10"), "the parent's 10% arrived");
      await fan().writeContract({ address: parent.shareToken, abi: shareTokenAbi, functionName: "distributeIncome" });
      assert.equal(
        (await holderWorth(chain, parent.pool, fan().account.address)) - fanBefore,
        parseEther("5"),
        "half the parent's cut reaches the fan holding half the parent",
      );
    });

    it("a derivative's shares need its parents' shares first: RoyaltyPoolsParentSharesNotEnabled", async () => {
      const { ipId: parent } = await register(chain, artist(), { termsIds: [Preset.CommercialRemix] });
      const { licenseId } = await buyLicense(chain, remixer(), parent, Preset.CommercialRemix);
      const { ipId: child } = await register(chain, remixer(), { parentLicenseIds: [licenseId] });
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        pools.write.enableShares([child], { account: remixer().account }),
        pools,
        "RoyaltyPoolsParentSharesNotEnabled",
        [child, parent],
      );
    });
  });

  it("reads before shares exist are zero", async () => {
    const { ipId } = await register(chain, artist());
    assert.equal(await pools.read.poolFlowRate([ipId]), 0n);
    assert.equal(await pools.read.licenseeFlowRate([ipId, aiCompany().account.address]), 0n);
    assert.equal(await pools.read.poolOf([ipId]), zeroAddress);
    const [rate, claimable, connected, available] = (await pools.read.holderIncome([
      ipId,
      aiCompany().account.address,
    ])) as [bigint, bigint, boolean, bigint];
    assert.deepEqual([rate, claimable, connected], [0n, 0n, false]);
    assert.equal(
      available,
      await superTokenBalance(chain, aiCompany().account.address),
      "the holder's balance all the same",
    );
  });
});
