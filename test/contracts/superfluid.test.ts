import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { faucetAbi, gdaV1ForwarderAbi, superfluidPoolAbi, superTokenAbi, testUSDCAbi } from "@ipnft/protocol/abis";
import { parseEther, parseUnits, zeroAddress } from "viem";
import { FAUCET_DRIP } from "../../scripts/deploy/index";
import { deployedChain } from "../helpers/chain";

describe("the real Superfluid protocol on the local chain", () => {
  let chain: Awaited<ReturnType<typeof deployedChain>>;
  before(async () => {
    chain = await deployedChain();
  });

  it("deploys host, agreements, forwarders and the SuperTokenFactory as contracts with code", async () => {
    for (const [name, address] of Object.entries(chain.deployment.superfluid)) {
      const code = await chain.publicClient.getCode({ address });
      assert.ok(code && code.length > 2, `${name} at ${address} has no code`);
    }
  });

  it("wraps the test stablecoin into a SuperToken whose underlying is that stablecoin", async () => {
    const { superToken, underlying } = chain.deployment.currency;
    const reported = await chain.publicClient.readContract({
      address: superToken,
      abi: superTokenAbi,
      functionName: "getUnderlyingToken",
    });
    assert.equal(reported.toLowerCase(), underlying.toLowerCase());
  });

  it("the faucet drips a fixed amount of the stablecoin to whoever asks", async () => {
    const [, someone] = chain.wallets;
    const faucet = chain.deployment.contracts.Faucet!;
    const { underlying } = chain.deployment.currency;
    const balanceOf = () =>
      chain.publicClient.readContract({
        address: underlying,
        abi: testUSDCAbi,
        functionName: "balanceOf",
        args: [someone.account.address],
      });
    const before = await balanceOf();
    await someone.writeContract({
      address: faucet,
      abi: faucetAbi,
      functionName: "drip",
      args: [someone.account.address],
    });
    assert.equal((await balanceOf()) - before, FAUCET_DRIP);
  });

  it("the faucet refuses the zero address with FaucetInvalidRecipient", async () => {
    const faucet = await chain.viem.getContractAt("Faucet", chain.deployment.contracts.Faucet!);
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      faucet.write.drip([zeroAddress]),
      faucet,
      "FaucetInvalidRecipient",
      [zeroAddress],
    );
  });

  it("a connected GDA pool member's real-time balance grows by flow rate x seconds", async () => {
    const [admin, distributor, member] = chain.wallets;
    const { publicClient, networkHelpers } = chain;
    const { superToken, underlying } = chain.deployment.currency;
    const forwarder = chain.deployment.superfluid.gdaV1Forwarder;

    // The distributor gets SuperTokens the way a user does: stablecoin (6 decimals), approve, upgrade (18 decimals).
    const amount = parseEther("1000");
    const stablecoin = parseUnits("1000", 6);
    await distributor.writeContract({
      address: underlying,
      abi: testUSDCAbi,
      functionName: "mint",
      args: [distributor.account.address, stablecoin],
    });
    await distributor.writeContract({
      address: underlying,
      abi: testUSDCAbi,
      functionName: "approve",
      args: [superToken, stablecoin],
    });
    await distributor.writeContract({
      address: superToken,
      abi: superTokenAbi,
      functionName: "upgrade",
      args: [amount],
    });

    const {
      result: [, pool],
      request,
    } = await publicClient.simulateContract({
      address: forwarder,
      abi: gdaV1ForwarderAbi,
      functionName: "createPool",
      args: [
        superToken,
        admin.account.address,
        { transferabilityForUnitsOwner: false, distributionFromAnyAddress: true },
      ],
      account: admin.account,
    });
    await admin.writeContract(request);
    await admin.writeContract({
      address: pool,
      abi: superfluidPoolAbi,
      functionName: "updateMemberUnits",
      args: [member.account.address, 100n],
    });
    await member.writeContract({
      address: forwarder,
      abi: gdaV1ForwarderAbi,
      functionName: "connectPool",
      args: [pool, "0x"],
    });

    const requestedRate = parseEther("1") / 3600n; // one token an hour
    await distributor.writeContract({
      address: forwarder,
      abi: gdaV1ForwarderAbi,
      functionName: "distributeFlow",
      args: [superToken, distributor.account.address, pool, requestedRate, "0x"],
    });
    const memberRate = await publicClient.readContract({
      address: pool,
      abi: superfluidPoolAbi,
      functionName: "getMemberFlowRate",
      args: [member.account.address],
    });
    assert.ok(
      memberRate > 0n && memberRate <= requestedRate,
      `member rate ${memberRate} vs requested ${requestedRate}`,
    );

    const balanceAt = async () => {
      const block = await publicClient.getBlock();
      const [available] = await publicClient.readContract({
        address: superToken,
        abi: superTokenAbi,
        functionName: "realtimeBalanceOf",
        args: [member.account.address, block.timestamp],
      });
      return { available, timestamp: block.timestamp };
    };
    const start = await balanceAt();
    await networkHelpers.time.increase(600);
    const end = await balanceAt();
    assert.equal(end.timestamp - start.timestamp, 600n);
    assert.equal(end.available - start.available, memberRate * 600n);
  });
});
