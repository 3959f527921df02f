import {
  concat,
  encodeAbiParameters,
  hashTypedData,
  keccak256,
  parseAbiParameters,
  recoverTypedDataAddress,
  toBytes,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { deployment } from "./test-chain";
import { payUsageSteps, settleUsageBatch, usageReceiptTypedData } from "./usage";

const licenseeAccount = privateKeyToAccount(`0x${"11".repeat(32)}`);
const receipt = { licenseId: 12n, licensee: licenseeAccount.address, cumulativeUnits: 30n };

describe("usage receipts", () => {
  it("hash as UsageMeter's EIP-712 digest (domain IPNFT UsageMeter v2, UsageReceipt(uint256,address,uint64))", () => {
    const domainSeparator = keccak256(
      encodeAbiParameters(parseAbiParameters("bytes32, bytes32, bytes32, uint256, address"), [
        keccak256(toBytes("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")),
        keccak256(toBytes("IPNFT UsageMeter")),
        keccak256(toBytes("2")),
        31337n,
        deployment.contracts.UsageMeter!,
      ]),
    );
    const structHash = keccak256(
      encodeAbiParameters(parseAbiParameters("bytes32, uint256, address, uint64"), [
        keccak256(toBytes("UsageReceipt(uint256 licenseId,address licensee,uint64 cumulativeUnits)")),
        12n,
        licenseeAccount.address,
        30n,
      ]),
    );
    const digest = keccak256(concat(["0x1901", domainSeparator, structHash]));
    expect(hashTypedData(usageReceiptTypedData(deployment, receipt))).toBe(digest);
  });

  it("signed by the licensee recover to the licensee", async () => {
    const typedData = usageReceiptTypedData(deployment, receipt);
    const signature = await licenseeAccount.signTypedData(typedData);
    expect(await recoverTypedDataAddress({ ...typedData, signature })).toBe(licenseeAccount.address);
  });

  it("settle in a batch as receipts and their signatures side by side", () => {
    const request = settleUsageBatch(deployment, [
      { ...receipt, signature: "0xaa" },
      { licenseId: 13n, licensee: licenseeAccount.address, cumulativeUnits: 1n, signature: "0xbb" },
    ]);
    expect(request.address).toBe(deployment.contracts.UsageMeter);
    expect(request.args).toEqual([
      [receipt, { licenseId: 13n, licensee: licenseeAccount.address, cumulativeUnits: 1n }],
      ["0xaa", "0xbb"],
    ]);
  });
});

describe("paying outstanding usage", () => {
  it("lets the meter take what is owed, then pays", () => {
    const steps = payUsageSteps(deployment, { licenseId: 12n, licensee: receipt.licensee, owed: 40n, allowance: 0n });
    expect(steps.map((s) => [s.step, s.request.functionName, s.request.args])).toEqual([
      ["approve", "approve", [deployment.contracts.UsageMeter, 40n]],
      ["payOutstanding", "payOutstanding", [12n, receipt.licensee]],
    ]);
  });

  it("pays straight away when the meter may already take it", () => {
    expect(
      payUsageSteps(deployment, { licenseId: 12n, licensee: receipt.licensee, owed: 40n, allowance: 40n }).map(
        (s) => s.step,
      ),
    ).toEqual(["payOutstanding"]);
  });

  it("is not asked of a deployment without a meter", () => {
    expect(() =>
      payUsageSteps({ ...deployment, contracts: {} }, { licenseId: 1n, licensee: receipt.licensee, owed: 1n }),
    ).toThrow("UsageMeter is not deployed");
  });
});
