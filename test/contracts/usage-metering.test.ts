import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { superTokenAbi, usageMeterAbi } from "@ipnft/protocol/abis";
import type { Address } from "viem";
import { getAddress, parseEther } from "viem";
import { deployedChain } from "../helpers/chain";
import {
  addresses,
  approveSuperToken,
  buyLicense,
  type Chain,
  eventArgs,
  fundSuperToken,
  hasAccess,
  Preset,
  Use,
} from "../helpers/protocol";
import {
  workWithShares as artistWork,
  distributeFlow,
  memberFlowRate,
  OFFERED_PRESETS,
  realtimeBalance,
  royaltyAddresses,
  settleUsage,
  signUsage,
} from "../helpers/royalties";

/** The streamed preset's minimum rate: about one token a day. */
const MIN_RATE = 11_574_074_000_000n;

describe("Metered usage of licenses, settled into Superfluid GDA pools", () => {
  let chain: Chain;
  let meter: Awaited<ReturnType<Chain["viem"]["getContractAt"]>>;
  before(async () => {
    chain = await deployedChain();
    meter = await chain.viem.getContractAt("UsageMeter", royaltyAddresses(chain).meter);
    for (const w of chain.wallets.slice(1, 6)) await fundSuperToken(chain, w, parseEther("100000"));
  });
  const artist = () => chain.wallets[1];
  const aiCompany = () => chain.wallets[2];
  const fan = () => chain.wallets[3];

  /** A work of the artist offered under the usual presets (or `termsIds`), with its shares enabled. */
  const workWithShares = (termsIds: bigint[] = OFFERED_PRESETS) => artistWork(chain, artist(), termsIds);

  describe("metered usage", () => {
    let ipId: bigint;
    let pool: Address;
    let licenseId: bigint;
    before(async () => {
      ({ ipId, pool } = await workWithShares());
      ({ licenseId } = await buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingStreamed));
      await distributeFlow(chain, aiCompany(), pool, MIN_RATE);
      await approveSuperToken(chain, aiCompany(), royaltyAddresses(chain).meter);
    });

    const licensee = () => aiCompany().account.address;
    it("settling a signed receipt pays units x price into the pool, and a replay pays nothing twice", async () => {
      const sig = await signUsage(chain, aiCompany(), licenseId, 40n);
      const before = await realtimeBalance(chain, artist().account.address);
      const receipt = await settleUsage(chain, fan(), licenseId, 40n, sig, licensee());
      const paid = eventArgs(receipt.logs, usageMeterAbi, "UsagePaid");
      assert.deepEqual([paid[0].units, paid[0].amount], [40n, parseEther("0.4")]);
      const afterFirst = await realtimeBalance(chain, artist().account.address);
      // the artist holds every share, so receives the whole payment, besides the stream meanwhile
      const streamed =
        (await memberFlowRate(chain, pool, artist().account.address)) * (afterFirst.timestamp - before.timestamp);
      assert.equal(afterFirst.available - before.available - streamed, parseEther("0.4"));
      const replay = await settleUsage(chain, fan(), licenseId, 40n, sig, licensee());
      assert.equal(eventArgs(replay.logs, usageMeterAbi, "UsagePaid").length, 0);
      const older = await settleUsage(
        chain,
        fan(),
        licenseId,
        30n,
        await signUsage(chain, aiCompany(), licenseId, 30n),
        licensee(),
      );
      assert.equal(eventArgs(older.logs, usageMeterAbi, "UsagePaid").length, 0);
      assert.deepEqual(await meter.read.usageOf([licenseId, licensee()]), { reported: 40n, paid: 40n });
    });

    it("a later receipt pays only the new units", async () => {
      const receipt = await settleUsage(
        chain,
        fan(),
        licenseId,
        55n,
        await signUsage(chain, aiCompany(), licenseId, 55n),
        licensee(),
      );
      const [paid] = eventArgs(receipt.logs, usageMeterAbi, "UsagePaid");
      assert.deepEqual([paid.units, paid.amount], [15n, parseEther("0.15")]);
    });

    it("unpaid usage beyond the terms' bound suspends access until it is paid", async () => {
      const who = aiCompany().account.address;
      await aiCompany().writeContract({
        address: addresses(chain).superToken,
        abi: superTokenAbi,
        functionName: "approve",
        args: [royaltyAddresses(chain).meter, 0n],
      });
      let receipt = await settleUsage(
        chain,
        fan(),
        licenseId,
        155n,
        await signUsage(chain, aiCompany(), licenseId, 155n),
        who,
      );
      assert.equal(eventArgs(receipt.logs, usageMeterAbi, "UsagePaymentFailed")[0].unpaidUnits, 100n);
      assert.equal(await meter.read.unpaidUnits([licenseId, who]), 100n);
      assert.equal(await hasAccess(chain, ipId, who, Use.AiTraining), true, "100 unpaid units is within the bound");
      receipt = await settleUsage(
        chain,
        fan(),
        licenseId,
        156n,
        await signUsage(chain, aiCompany(), licenseId, 156n),
        who,
      );
      assert.equal(await meter.read.unpaidUnits([licenseId, who]), 101n);
      assert.equal(await hasAccess(chain, ipId, who, Use.AiTraining), false, "one unit past the bound suspends access");
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        meter.write.payOutstanding([licenseId, who], { account: aiCompany().account }),
        meter,
        "UsageMeterPaymentFailed",
        [licenseId, parseEther("1.01")],
      );
      await approveSuperToken(chain, aiCompany(), royaltyAddresses(chain).meter);
      await meter.write.payOutstanding([licenseId, who], { account: aiCompany().account });
      assert.equal(await meter.read.unpaidUnits([licenseId, who]), 0n);
      assert.equal(await hasAccess(chain, ipId, who, Use.AiTraining), true, "paid up: access again");
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        meter.write.payOutstanding([licenseId, who], { account: aiCompany().account }),
        meter,
        "UsageMeterNothingOwed",
        [licenseId, getAddress(who)],
      );
    });

    it("a receipt signed by anyone but the licensee reverts with UsageMeterInvalidSignature", async () => {
      const forged = await signUsage(chain, fan(), licenseId, 999n, licensee());
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        meter.write.settle([{ licenseId, licensee: licensee(), cumulativeUnits: 999n }, forged], {
          account: fan().account,
        }),
        meter,
        "UsageMeterInvalidSignature",
        [licenseId, getAddress(aiCompany().account.address)],
      );
      const sig = await signUsage(chain, aiCompany(), licenseId, 999n);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        meter.write.settle([{ licenseId, licensee: licensee(), cumulativeUnits: 1000n }, sig], {
          account: fan().account,
        }),
        meter,
        "UsageMeterInvalidSignature",
        [licenseId, getAddress(aiCompany().account.address)],
      );
    });

    it("usage of a license without a unit price reverts with UsageMeterNotMetered", async () => {
      const { licenseId: flat } = await buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingFlatFee);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        meter.write.settle(
          [
            { licenseId: flat, licensee: licensee(), cumulativeUnits: 1n },
            await signUsage(chain, aiCompany(), flat, 1n),
          ],
          { account: fan().account },
        ),
        meter,
        "UsageMeterNotMetered",
        [flat],
      );
    });

    it("settleBatch settles several receipts and refuses mismatched or oversized batches", async () => {
      const sig = await signUsage(chain, aiCompany(), licenseId, 170n);
      const hash = await fan().writeContract({
        address: royaltyAddresses(chain).meter,
        abi: usageMeterAbi,
        functionName: "settleBatch",
        args: [[{ licenseId, licensee: licensee(), cumulativeUnits: 170n }], [sig]],
      });
      await chain.publicClient.waitForTransactionReceipt({ hash });
      assert.equal(((await meter.read.usageOf([licenseId, licensee()])) as { paid: bigint }).paid, 170n);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        meter.write.settleBatch([[{ licenseId, licensee: licensee(), cumulativeUnits: 171n }], []], {
          account: fan().account,
        }),
        meter,
        "UsageMeterInvalidBatch",
        [1n, 0n, 32n],
      );
    });

    after(async () => {
      await distributeFlow(chain, aiCompany(), pool, 0n);
    });
  });
});
