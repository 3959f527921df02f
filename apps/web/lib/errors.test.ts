import { faucetAbi } from "@ipnft/protocol/abis";
import {
  BaseError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  UserRejectedRequestError,
  zeroAddress,
} from "viem";
import { describe, expect, it } from "vitest";
import { errorNameToSentence, explainError } from "./errors";

describe("explainError", () => {
  it("says the user rejected the request when the wallet refuses to sign", () => {
    const error = new BaseError("wrapped", { cause: new UserRejectedRequestError(new Error("User denied")) });
    expect(explainError(error)).toBe("You rejected the request in your wallet.");
  });

  it("recognises an EIP-1193 rejection (code 4001) from an injected wallet", () => {
    expect(explainError({ code: 4001, message: "User rejected" })).toBe("You rejected the request in your wallet.");
  });

  it("turns a contract's custom error into the sentence the app knows for it", () => {
    const data = encodeErrorResult({ abi: faucetAbi, errorName: "FaucetInvalidRecipient", args: [zeroAddress] });
    const reverted = new ContractFunctionRevertedError({ abi: faucetAbi, functionName: "drip", data });
    expect(reverted.data?.errorName).toBe("FaucetInvalidRecipient");
    expect(explainError(new BaseError("call failed", { cause: reverted }))).toBe(
      "The faucet needs a recipient address.",
    );
  });

  it("tells the user the node is not answering when the RPC cannot be reached", () => {
    const error = new HttpRequestError({ url: "http://127.0.0.1:8545", details: "fetch failed" });
    expect(explainError(error)).toMatch(/chain is not answering/);
  });

  it("keeps only the first line of an unknown error", () => {
    expect(explainError(new Error("first line\nstack details"))).toBe("first line");
  });
});

describe("errorNameToSentence", () => {
  it("turns a custom error name into a sentence", () => {
    expect(errorNameToSentence("LicenseCapReached")).toBe("License cap reached.");
  });

  it("keeps acronyms together", () => {
    expect(errorNameToSentence("ERC20InsufficientBalance")).toBe("Erc20 insufficient balance.");
  });
});
