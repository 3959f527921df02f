import { describe, expect, it } from "vitest";
import { faucetSteps, liveBalance, unwrap, withApproval, wrapSteps } from "./currency";
import { contractAddress } from "./request";
import { at, deployment, stubReader } from "./test-chain";

const call = { step: "pay" as const, request: { address: at(1), abi: [], functionName: "pay", args: [] } };

describe("approval before a payment", () => {
  it("approves the spender for the amount when its allowance is short", () => {
    const [approve, pay] = withApproval(deployment, { spender: at(9), amount: 50n, allowance: 49n }, call);
    expect(approve.step).toBe("approve");
    expect(approve.request).toMatchObject({
      address: deployment.currency.superToken,
      functionName: "approve",
      args: [at(9), 50n],
    });
    expect(pay).toBe(call);
  });

  it("approves when the allowance is not known", () => {
    expect(withApproval(deployment, { spender: at(9), amount: 1n }, call).map((s) => s.step)).toEqual([
      "approve",
      "pay",
    ]);
  });

  it("sends the call alone when the allowance covers the amount", () => {
    expect(withApproval(deployment, { spender: at(9), amount: 50n, allowance: 50n }, call)).toEqual([call]);
  });

  it("sends the call alone when nothing is taken", () => {
    expect(withApproval(deployment, { spender: at(9), amount: 0n }, call)).toEqual([call]);
  });
});

describe("wrapping and the local faucet", () => {
  it("lets the SuperToken take the stablecoin (6 decimals), then upgrades the same value in 18 decimals", () => {
    const steps = wrapSteps(deployment, 10_000_000n, 0n);
    expect(steps.map((s) => [s.step, s.request.address, s.request.functionName, s.request.args])).toEqual([
      ["approve", deployment.currency.underlying, "approve", [deployment.currency.superToken, 10_000_000n]],
      ["wrap", deployment.currency.superToken, "upgrade", [10n * 10n ** 18n]],
    ]);
  });

  it("unwraps a SuperToken amount given in 18 decimals", () => {
    expect(unwrap(deployment, 5n * 10n ** 18n)).toMatchObject({
      address: deployment.currency.superToken,
      functionName: "downgrade",
      args: [5n * 10n ** 18n],
    });
  });

  it("skips the approval the stablecoin already gave", () => {
    expect(wrapSteps(deployment, 10n, 10n).map((s) => s.step)).toEqual(["wrap"]);
  });

  it("drips from the faucet to the account before wrapping", () => {
    const steps = faucetSteps(deployment, at(7), 5n);
    expect(steps.map((s) => s.step)).toEqual(["drip", "approve", "wrap"]);
    expect(steps[0].request).toMatchObject({
      address: deployment.contracts.Faucet,
      functionName: "drip",
      args: [at(7)],
    });
  });
});

describe("addresses come from the deployment", () => {
  it("names the contract a deployment lacks", () => {
    expect(() => contractAddress({ chainId: 5, contracts: {} }, "UsageMeter")).toThrow(
      "UsageMeter is not deployed on chain 5.",
    );
  });
});

describe("a live balance", () => {
  it("is the available real-time balance and the net flow, both read at the latest block", async () => {
    const { client, calls } = stubReader({
      realtimeBalanceOf: ([, time]) => [time === 1_700_000_000n ? 123n : 0n, 0n, 0n, 0n],
      getNetFlow: () => -4n,
    });
    expect(await liveBalance(client, deployment, at(7))).toEqual({
      amount: 123n,
      flowRate: -4n,
      timestamp: 1_700_000_000n,
    });
    expect(calls.map((c) => c.blockNumber)).toEqual([100n, 100n]);
  });
});
