/**
 * UsageMeter accepts only canonical (low-s, EIP-2) receipt signatures, as the gateway does: the high-s twin of a
 * licensee's valid signature recovers the same signer, and OpenZeppelin's ECDSA, which the meter uses, refuses it.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { highSTwin } from "@ipnft/gateway/auth/signature-twin";
import { usageMeterAbi } from "@ipnft/protocol/abis";
import { parseEther } from "viem";
import { deployedChain } from "../helpers/chain";
import {
  approveSuperToken,
  buyLicense,
  type Chain,
  fundSuperToken,
  register,
  registerTerms,
  terms,
} from "../helpers/protocol";
import { enableShares, royaltyAddresses, signUsage } from "../helpers/royalties";

describe("UsageMeter refuses a receipt's high-s signature", () => {
  let chain: Chain;
  let licenseId: bigint;
  before(async () => {
    chain = await deployedChain();
    const [, artist, alice] = chain.wallets;
    await fundSuperToken(chain, alice, parseEther("100"));
    await approveSuperToken(chain, alice, royaltyAddresses(chain).meter);
    const metered = await registerTerms(
      chain,
      artist,
      terms(chain, { upfrontFee: 0n, pricePerUnit: parseEther("0.01"), legalTextURI: "urn:canonical:metered" }),
    );
    const { ipId } = await register(chain, artist, { termsIds: [metered] });
    await enableShares(chain, artist, ipId);
    ({ licenseId } = await buyLicense(chain, alice, ipId, metered));
  });

  it("settle reverts on the high-s twin of a valid receipt signature and accepts the low-s original", async () => {
    const [, , alice, gateway] = chain.wallets;
    const receipt = { licenseId, licensee: alice.account.address, cumulativeUnits: 3n };
    const signature = await signUsage(chain, alice, licenseId, 3n);
    const twin = highSTwin(signature);
    const simulate = (sig: typeof signature) =>
      chain.publicClient.simulateContract({
        address: royaltyAddresses(chain).meter,
        abi: usageMeterAbi,
        functionName: "settle",
        args: [receipt, sig],
        account: gateway.account,
      });
    await assert.rejects(simulate(twin), /UsageMeterInvalidSignature/);
    const { result } = await simulate(signature);
    assert.equal(result, 3n * parseEther("0.01"), "the canonical signature settles and pays");
  });
});
