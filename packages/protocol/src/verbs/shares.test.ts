import { zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import { buySharesSteps, connectPool, holderIncome, shareHolders, sharesOf } from "./shares";
import { at, deployment, stubReader } from "./test-chain";

const shareToken = at(0x5a);
const pool = at(0x9a);

describe("buying shares", () => {
  it("lets the share token take the whole price, then buys at no more than the price each", () => {
    const steps = buySharesSteps(deployment, { shareToken, amount: 1_000n, maxPricePerShare: 3n });
    expect(steps.map((s) => [s.step, s.request.address, s.request.functionName, s.request.args])).toEqual([
      ["approve", deployment.currency.superToken, "approve", [shareToken, 3_000n]],
      ["buyShares", shareToken, "buyShares", [1_000n, 3n]],
    ]);
  });
});

describe("pools", () => {
  it("are connected through Superfluid's GDA forwarder", () => {
    expect(connectPool(deployment, pool)).toMatchObject({
      address: deployment.superfluid.gdaV1Forwarder,
      functionName: "connectPool",
      args: [pool, "0x"],
    });
  });

  it("do not exist before shares are enabled", async () => {
    const { client } = stubReader({ shareTokenOf: () => zeroAddress, poolOf: () => zeroAddress });
    expect(await sharesOf(client, deployment, 1n)).toBeUndefined();
  });

  it("pay a holder at a rate, with what waits unclaimed, at the block's time", async () => {
    const { client } = stubReader({ holderIncome: () => [5n, 6n, true, 7n, 8n] });
    expect(await holderIncome(client, deployment, 1n, at(1))).toEqual({
      flowRate: 5n,
      claimable: 6n,
      connected: true,
      availableBalance: 7n,
      timestamp: 8n,
    });
  });
});

describe("holders", () => {
  it("are rebuilt from the transfers, most shares first, with those who sold everything left out", async () => {
    const [creator, fan, seller] = [at(1), at(2), at(3)];
    const transfer = (from: string, to: string, value: bigint) => ({ args: { from, to, value } });
    const { client } = stubReader(
      {},
      {
        Transfer: [
          transfer(zeroAddress, creator, 1_000n),
          transfer(creator, fan, 100n),
          transfer(creator, seller, 50n),
          transfer(seller, fan, 50n),
        ],
      },
    );
    expect(await shareHolders(client, deployment, shareToken)).toEqual([
      [creator, 850n],
      [fan, 150n],
    ]);
  });
});
