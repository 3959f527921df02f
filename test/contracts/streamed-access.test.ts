/**
 * A stream must pay before it grants: a streamed license prepays the terms' minimum period of the minimum stream
 * into the IP's pool when it is bought, and access under it needs, at every instant, a stream at no less than the
 * minimum rate from an account that is not critical. Against the real Superfluid protocol (GDA pools, buffers,
 * critical accounts), never a mock.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { licenseTokenAbi, royaltyPoolsAbi, superTokenAbi } from "@ipnft/protocol/abis";
import { parseEther } from "viem";
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
  register,
  STREAMED_MIN_RATE,
  STREAMED_PREPAID,
  superTokenBalance,
  Use,
} from "../helpers/protocol";
import { connectPool, distributeFlow, enableShares, holderWorth, royaltyAddresses } from "../helpers/royalties";

describe("streamed licenses: a stream must pay before it grants", () => {
  let chain: Chain;
  let licenses: Awaited<ReturnType<Chain["viem"]["getContractAt"]>>;
  before(async () => {
    chain = await deployedChain();
    licenses = await chain.viem.getContractAt("LicenseToken", addresses(chain).licenses);
  });
  const artist = () => chain.wallets[1];

  async function streamedWork() {
    const { ipId } = await register(chain, artist(), { termsIds: [Preset.AiTrainingStreamed] });
    const { pool } = await enableShares(chain, artist(), ipId);
    await connectPool(chain, artist(), pool);
    return { ipId, pool };
  }
  const superTokenNow = async (account: `0x${string}`) => {
    const [available] = await chain.publicClient.readContract({
      address: addresses(chain).superToken,
      abi: superTokenAbi,
      functionName: "realtimeBalanceOfNow",
      args: [account],
    });
    return available;
  };

  it("buying a streamed license prepays the terms' minimum period into the IP's pool, where the holders receive it", async () => {
    const { ipId, pool } = await streamedWork();
    const licensee = chain.wallets[2];
    await fundSuperToken(chain, licensee, parseEther("100"));
    const before = await holderWorth(chain, pool, artist().account.address);
    const paidBefore = await superTokenBalance(chain, licensee.account.address);
    const { receipt } = await buyLicense(chain, licensee, ipId, Preset.AiTrainingStreamed);
    assert.equal(eventArgs(receipt.logs, licenseTokenAbi, "LicensePurchased")[0].fee, STREAMED_PREPAID);
    assert.equal(
      paidBefore - (await superTokenBalance(chain, licensee.account.address)),
      STREAMED_PREPAID,
      "the licensee paid a week of the minimum stream",
    );
    assert.equal(
      (await holderWorth(chain, pool, artist().account.address)) - before,
      STREAMED_PREPAID,
      "the holders received it",
    );
    assert.equal(
      await hasAccess(chain, ipId, licensee.account.address, Use.AiTraining),
      false,
      "the prepayment alone opens no access: the stream must flow",
    );
  });

  it("a stream opened for one block and closed has paid at least the terms' minimum period", async () => {
    const { ipId, pool } = await streamedWork();
    const licensee = chain.wallets[3];
    await fundSuperToken(chain, licensee, parseEther("100"));
    const before = await superTokenNow(licensee.account.address);
    await buyLicense(chain, licensee, ipId, Preset.AiTrainingStreamed);
    await distributeFlow(chain, licensee, pool, STREAMED_MIN_RATE);
    assert.equal(
      await hasAccess(chain, ipId, licensee.account.address, Use.AiTraining),
      true,
      "access while the stream flows",
    );
    await distributeFlow(chain, licensee, pool, 0n);
    assert.equal(
      await hasAccess(chain, ipId, licensee.account.address, Use.AiTraining),
      false,
      "no access once it stops",
    );
    const spent = before - (await superTokenNow(licensee.account.address));
    assert.ok(
      spent >= STREAMED_PREPAID,
      `one block of streaming cost ${spent}, less than the prepaid week ${STREAMED_PREPAID}`,
    );
  });

  it("a licensee whose account turns critical loses access although its stream still flows", async () => {
    const { ipId, pool } = await streamedWork();
    const licensee = chain.wallets[4];
    // enough for the prepaid week, the stream's buffer (4 hours) and about a day and a half of streaming
    await fundSuperToken(chain, licensee, STREAMED_PREPAID + parseEther("3"));
    await buyLicense(chain, licensee, ipId, Preset.AiTrainingStreamed);
    await distributeFlow(chain, licensee, pool, STREAMED_MIN_RATE * 2n);
    assert.equal(await hasAccess(chain, ipId, licensee.account.address, Use.AiTraining), true);
    await chain.networkHelpers.time.increase(24 * 3600);
    assert.equal(
      await hasAccess(chain, ipId, licensee.account.address, Use.AiTraining),
      true,
      "still solvent after a day",
    );
    await chain.networkHelpers.time.increase(24 * 3600);
    const critical = await chain.publicClient.readContract({
      address: addresses(chain).superToken,
      abi: superTokenAbi,
      functionName: "isAccountCriticalNow",
      args: [licensee.account.address],
    });
    const flowing = await chain.publicClient.readContract({
      address: royaltyAddresses(chain).pools,
      abi: royaltyPoolsAbi,
      functionName: "licenseeFlowRate",
      args: [ipId, licensee.account.address],
    });
    assert.equal(critical, true, "the account ran out and is critical");
    assert.ok(flowing >= STREAMED_MIN_RATE, "its stream still flows at the minimum");
    assert.equal(
      await hasAccess(chain, ipId, licensee.account.address, Use.AiTraining),
      false,
      "a stream it cannot pay for buys nothing",
    );
    assert.equal(await licenses.read.findLicense([ipId, licensee.account.address, Use.AiTraining]), 0n);
  });

  it("a maxFee below the prepaid period refuses the purchase: LicenseTokenFeeAboveMax names the whole price", async () => {
    const { ipId } = await streamedWork();
    const licensee = chain.wallets[5];
    await fundSuperToken(chain, licensee, parseEther("100"));
    await approveSuperToken(chain, licensee, addresses(chain).licenses);
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      licenses.write.buyLicense([ipId, Preset.AiTrainingStreamed, STREAMED_PREPAID - 1n], {
        account: licensee.account,
      }),
      licenses,
      "LicenseTokenFeeAboveMax",
      [STREAMED_PREPAID, STREAMED_PREPAID - 1n],
    );
  });
});
