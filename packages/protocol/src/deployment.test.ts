import { describe, expect, it } from "vitest";
import { parseDeployment } from "./deployment";

const address = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const valid = {
  chainId: 31337,
  rpcUrl: "http://127.0.0.1:8545",
  startBlock: 1,
  superfluid: { host: address(1), gda: address(2) },
  currency: {
    underlying: address(3),
    underlyingSymbol: "tUSDC",
    underlyingDecimals: 6,
    underlyingEip712: { name: "Test USD Coin", version: "2" },
    superToken: address(4),
    superTokenSymbol: "tUSDCx",
    decimals: 18,
  },
  contracts: { Faucet: address(5) },
};

describe("parseDeployment", () => {
  it("accepts a complete deployment file", () => {
    expect(parseDeployment(valid).contracts.Faucet).toBe(address(5));
  });

  it("names the contract whose address is malformed", () => {
    expect(() => parseDeployment({ ...valid, contracts: { Faucet: "0x12" } })).toThrow(
      "contracts.Faucet is not an address",
    );
  });

  it("refuses a file without a chain id", () => {
    expect(() => parseDeployment({ ...valid, chainId: undefined })).toThrow("no chainId");
  });

  it("refuses a file without the currency", () => {
    expect(() => parseDeployment({ ...valid, currency: undefined })).toThrow("currency addresses are missing");
  });

  it("refuses a currency without the stablecoin's decimals", () => {
    const currency = { ...valid.currency, underlyingDecimals: undefined };
    expect(() => parseDeployment({ ...valid, currency })).toThrow("currency.underlyingDecimals is not a number");
  });

  it("refuses a currency without the stablecoin's EIP-712 domain", () => {
    const currency = { ...valid.currency, underlyingEip712: { name: "Test USD Coin" } };
    expect(() => parseDeployment({ ...valid, currency })).toThrow("EIP-712 name and version");
  });

  it("refuses something that is not an object", () => {
    expect(() => parseDeployment(null)).toThrow("not a JSON object");
  });
});
