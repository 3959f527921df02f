/**
 * No dust is stranded: Superfluid's GDA distributes whole multiples of a pool's units (1,000,000 here), so the
 * remainder of a payment (up to 999,999 wei; all of a payment below that) cannot reach the holders. LicenseToken
 * and UsageMeter pass payments into pools; they give the remainder back to the payer and keep no SuperToken.
 * Against the real Superfluid protocol.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { licenseTokenAbi, usageMeterAbi } from "@ipnft/protocol/abis";
import { parseEther } from "viem";
import { deployedChain } from "../helpers/chain";
import {
  addresses,
  approveSuperToken,
  buyLicense,
  type Chain,
  eventArgs,
  fundSuperToken,
  register,
  registerTerms,
  superTokenBalance,
  terms,
} from "../helpers/protocol";
import {
  connectPool,
  enableShares,
  holderWorth,
  royaltyAddresses,
  SUPPLY,
  settleUsage,
  signUsage,
} from "../helpers/royalties";

describe("no dust is stranded in LicenseToken or UsageMeter", () => {
  let chain: Chain;
  before(async () => {
    chain = await deployedChain();
    await fundSuperToken(chain, buyer(), parseEther("1000"));
    await approveSuperToken(chain, buyer(), royaltyAddresses(chain).meter);
  });
  const artist = () => chain.wallets[1];
  const buyer = () => chain.wallets[2];
  const gateway = () => chain.wallets[3];

  /** A work with its shares enabled, offering terms made of `overrides`. */
  async function workOffering(overrides: Parameters<typeof terms>[1]) {
    const termsId = await registerTerms(chain, artist(), terms(chain, overrides));
    const { ipId } = await register(chain, artist(), { termsIds: [termsId] });
    const { pool } = await enableShares(chain, artist(), ipId);
    await connectPool(chain, artist(), pool);
    return { ipId, termsId, pool };
  }
  const held = async () => ({
    licenses: await superTokenBalance(chain, addresses(chain).licenses),
    meter: await superTokenBalance(chain, royaltyAddresses(chain).meter),
  });

  it("a fee that is not a whole multiple of the pool's units leaves nothing in LicenseToken: the remainder goes back to the buyer", async () => {
    const fee = parseEther("5") + 123n;
    const { ipId, termsId, pool } = await workOffering({ upfrontFee: fee, legalTextURI: "urn:dust:fee" });
    const before = await superTokenBalance(chain, buyer().account.address);
    const worth = await holderWorth(chain, pool, artist().account.address);
    const { receipt } = await buyLicense(chain, buyer(), ipId, termsId);
    assert.equal(
      eventArgs(receipt.logs, licenseTokenAbi, "LicensePurchased")[0].fee,
      fee,
      "the price as the terms state it",
    );
    assert.equal(
      before - (await superTokenBalance(chain, buyer().account.address)),
      parseEther("5"),
      "the buyer paid what reached the pool",
    );
    assert.equal(
      (await holderWorth(chain, pool, artist().account.address)) - worth,
      parseEther("5"),
      "the holders received it",
    );
    assert.deepEqual(await held(), { licenses: 0n, meter: 0n });
  });

  it("a fee below the pool's units is returned whole", async () => {
    const { ipId, termsId } = await workOffering({ upfrontFee: SUPPLY - 1n, legalTextURI: "urn:dust:tiny" });
    const before = await superTokenBalance(chain, buyer().account.address);
    await buyLicense(chain, buyer(), ipId, termsId);
    assert.equal(await superTokenBalance(chain, buyer().account.address), before);
    assert.deepEqual(await held(), { licenses: 0n, meter: 0n });
  });

  it("usage whose price is not a whole multiple of the pool's units leaves nothing in the meter: the remainder goes back to the licensee", async () => {
    const price = parseEther("0.01") + 7n;
    const { ipId, termsId, pool } = await workOffering({
      upfrontFee: 0n,
      pricePerUnit: price,
      legalTextURI: "urn:dust:usage",
    });
    const { licenseId } = await buyLicense(chain, buyer(), ipId, termsId);
    const before = await superTokenBalance(chain, buyer().account.address);
    const worth = await holderWorth(chain, pool, artist().account.address);
    const receipt = await settleUsage(
      chain,
      gateway(),
      licenseId,
      3n,
      await signUsage(chain, buyer(), licenseId, 3n),
      buyer().account.address,
    );
    const distributable = 3n * price - ((3n * price) % SUPPLY);
    assert.equal(
      eventArgs(receipt.logs, usageMeterAbi, "UsagePaid")[0].amount,
      distributable,
      "UsagePaid names what reached the pool",
    );
    assert.equal(before - (await superTokenBalance(chain, buyer().account.address)), distributable);
    assert.equal((await holderWorth(chain, pool, artist().account.address)) - worth, distributable);
    assert.deepEqual(await held(), { licenses: 0n, meter: 0n });
  });
});
