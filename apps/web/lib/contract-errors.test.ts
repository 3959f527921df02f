import { licenseTokenAbi, superTokenAbi } from "@ipnft/protocol/abis";
import { BaseError, ContractFunctionRevertedError, encodeErrorResult } from "viem";
import { describe, expect, it } from "vitest";
import { withContractErrors } from "./contract-errors";
import { explainError } from "./errors";

function revertWith(abi: readonly unknown[], errorName: string, args: unknown[], decodeWith = abi) {
  const data = encodeErrorResult({ abi: abi as never, errorName, args } as never);
  const reverted = new ContractFunctionRevertedError({ abi: decodeWith as never, data, functionName: "buyLicense" });
  return new BaseError("call reverted", { cause: reverted });
}

describe("a reverted transaction is explained in plain words", () => {
  it("says the license cap is reached when every license has been sold", () => {
    const error = revertWith(licenseTokenAbi, "LicenseTokenCapReached", [1n, 2n, 10n]);
    expect(explainError(error)).toBe("No licenses left: the license cap for these terms is reached.");
  });

  it("says the price changed when the fee is above what the buyer agreed to", () => {
    expect(explainError(revertWith(licenseTokenAbi, "LicenseTokenFeeAboveMax", [5n, 4n]))).toBe(
      "The price changed and is now above what you agreed to pay.",
    );
  });

  it("decodes a SuperToken error raised inside a license purchase, which the license ABI alone cannot", () => {
    const superError = superTokenAbi.find((i) => i.type === "error" && i.inputs.length === 0)!;
    const name = (superError as { name: string }).name;
    const alone = revertWith(superTokenAbi, name, [], licenseTokenAbi);
    expect(explainError(alone)).not.toMatch(new RegExp(name));
    const merged = revertWith(superTokenAbi, name, [], withContractErrors(licenseTokenAbi as never));
    expect((merged.cause as ContractFunctionRevertedError).data?.errorName).toBe(name);
  });

  it("keeps one entry per error name", () => {
    const merged = withContractErrors(licenseTokenAbi as never)
      .filter((i) => i.type === "error")
      .map((i) => (i as { name: string }).name);
    expect(new Set(merged).size).toBe(merged.length);
    expect(merged).toContain("LicenseTokenCapReached");
  });
});
