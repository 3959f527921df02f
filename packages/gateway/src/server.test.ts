import type { Deployment } from "@ipnft/protocol/deployment";
import { afterEach, describe, expect, it, vi } from "vitest";
import { devSettlementKey } from "./dev-settler";
import { settlementWallet } from "./server";

const deployment = (chainId: number) => ({ chainId, rpcUrl: "http://127.0.0.1:9" }) as unknown as Deployment;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the gateway's settlement key", () => {
  it("refuses to start outside the local chain without GATEWAY_PRIVATE_KEY, naming the variable", () => {
    expect(() => settlementWallet({}, deployment(84532))).toThrow(/GATEWAY_PRIVATE_KEY is not set/);
    expect(() => settlementWallet({}, deployment(8453))).toThrow(/chain 8453/);
  });

  it("runs on the local chain without a key, settling nothing, and says so loudly", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(settlementWallet({}, deployment(31337))).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/NOT SETTLED/));
  });

  it("settles with its own key, through viem's nonce manager, on any chain", () => {
    const key = devSettlementKey();
    const wallet = settlementWallet({ privateKey: key }, deployment(84532));
    expect(wallet?.account.type).toBe("local");
    expect(wallet?.account.nonceManager).toBeDefined();
    expect(wallet?.account.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });

  it("derives the local chain's dev settler from the node's public development mnemonic, account 19", () => {
    // Hardhat's default mnemonic, account 19: a public dev key, funded at genesis on the local node only.
    const wallet = settlementWallet({ privateKey: devSettlementKey() }, deployment(31337));
    expect(wallet?.account.address).toBe("0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199");
  });
});
