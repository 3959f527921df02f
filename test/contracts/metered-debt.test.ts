/**
 * Metered debt follows the licensee, not the token: what an account could not pay for its usage of an IP
 * suspends its metered access to that IP through every license, survives the license being burned or
 * transferred, and stays chargeable to the account that signed for the usage, never to a later owner.
 * Against the real Superfluid protocol: usage is paid in the SuperToken into the IP's GDA pool.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { licenseTokenAbi, superTokenAbi, usageMeterAbi } from "@ipnft/protocol/abis";
import type { Address } from "viem";
import { getAddress, parseEther } from "viem";
import { deployedChain } from "../helpers/chain";
import {
  addresses,
  approveSuperToken,
  buyLicense,
  type Chain,
  eventArgs,
  fundSuperToken,
  hasAccess,
  register,
  registerTerms,
  superTokenBalance,
  terms,
  Use,
  type Wallet,
} from "../helpers/protocol";
import { enableShares, royaltyAddresses, settleUsage, signUsage } from "../helpers/royalties";

const PRICE = parseEther("0.01");

describe("metered debt follows the licensee, not the token", () => {
  let chain: Chain;
  let meter: Awaited<ReturnType<Chain["viem"]["getContractAt"]>>;
  let licenses: Awaited<ReturnType<Chain["viem"]["getContractAt"]>>;
  let meteredTerms: bigint; // free, metered, bound of 2 unpaid units, not transferable
  let freeTermsToo: bigint; // the same with another legal text: a second offer of the same kind
  let transferableTerms: bigint;
  before(async () => {
    chain = await deployedChain();
    meter = await chain.viem.getContractAt("UsageMeter", royaltyAddresses(chain).meter);
    licenses = await chain.viem.getContractAt("LicenseToken", addresses(chain).licenses);
    for (const w of chain.wallets.slice(2, 6)) await fundSuperToken(chain, w, parseEther("1000"));
    const metered = { upfrontFee: 0n, duration: 0, transferable: false, pricePerUnit: PRICE, maxUnpaidUnits: 2n };
    meteredTerms = await registerTerms(chain, artist(), terms(chain, { ...metered, legalTextURI: "urn:debt:metered" }));
    freeTermsToo = await registerTerms(
      chain,
      artist(),
      terms(chain, { ...metered, legalTextURI: "urn:debt:metered-again" }),
    );
    transferableTerms = await registerTerms(
      chain,
      artist(),
      terms(chain, { ...metered, transferable: true, legalTextURI: "urn:debt:transferable" }),
    );
  });
  const artist = () => chain.wallets[1];
  const licensee = () => chain.wallets[2];
  const buyer = () => chain.wallets[3];
  const gateway = () => chain.wallets[4];

  /** A work offering the metered terms, with its revenue shares (so usage is paid into its pool). */
  async function meteredWork() {
    const { ipId } = await register(chain, artist(), { termsIds: [meteredTerms, freeTermsToo, transferableTerms] });
    await enableShares(chain, artist(), ipId);
    return ipId;
  }
  const allowMeter = async (w: Wallet, allowed: boolean) =>
    chain.publicClient.waitForTransactionReceipt({
      hash: await w.writeContract({
        address: addresses(chain).superToken,
        abi: superTokenAbi,
        functionName: "approve",
        args: [royaltyAddresses(chain).meter, allowed ? 2n ** 255n : 0n],
      }),
    });
  const use = async (w: Wallet, licenseId: bigint, units: bigint, licensee: Address = w.account.address) =>
    settleUsage(chain, gateway(), licenseId, units, await signUsage(chain, w, licenseId, units), licensee);
  const debtOf = (ipId: bigint, account: Address) => meter.read.debtOf([ipId, account]) as Promise<bigint>;

  /** `w` buys a metered license of a fresh work and runs 3 units into debt (the bound is 2). */
  async function suspended(w: Wallet) {
    const ipId = await meteredWork();
    const { licenseId } = await buyLicense(chain, w, ipId, meteredTerms);
    await allowMeter(w, false);
    await use(w, licenseId, 3n);
    await allowMeter(w, true);
    return { ipId, licenseId };
  }

  it("an account that owes more units for an IP than the bound has no metered access to it", async () => {
    const { ipId } = await suspended(licensee());
    assert.equal(await debtOf(ipId, licensee().account.address), 3n);
    assert.equal(await hasAccess(chain, ipId, licensee().account.address, Use.AiTraining), false);
  });

  it("a suspended licensee who buys a second license of the same IP still has no metered access", async () => {
    const { ipId } = await suspended(licensee());
    const { licenseId: second } = await buyLicense(chain, licensee(), ipId, meteredTerms);
    assert.equal(await hasAccess(chain, ipId, licensee().account.address, Use.AiTraining), false);
    assert.equal(await licenses.read.findLicense([ipId, licensee().account.address, Use.AiTraining]), 0n);
    assert.equal(await licenses.read.licenseGrants([second, Use.AiTraining]), false);
  });

  it("a suspended licensee who buys a free license under other metered terms still has no metered access", async () => {
    const { ipId } = await suspended(licensee());
    await buyLicense(chain, licensee(), ipId, freeTermsToo);
    assert.equal(await hasAccess(chain, ipId, licensee().account.address, Use.AiTraining), false);
  });

  it("a debt for one IP does not suspend the account's access to another", async () => {
    await suspended(licensee());
    const other = await meteredWork();
    await buyLicense(chain, licensee(), other, meteredTerms);
    assert.equal(await hasAccess(chain, other, licensee().account.address, Use.AiTraining), true);
  });

  it("paying what is owed lifts the suspension for every license of the IP", async () => {
    const { ipId, licenseId } = await suspended(licensee());
    const { licenseId: second } = await buyLicense(chain, licensee(), ipId, meteredTerms);
    const receipt = await chain.publicClient.waitForTransactionReceipt({
      hash: await licensee().writeContract({
        address: royaltyAddresses(chain).meter,
        abi: usageMeterAbi,
        functionName: "payOutstanding",
        args: [licenseId, licensee().account.address],
      }),
    });
    const [paid] = eventArgs(receipt.logs, usageMeterAbi, "UsagePaid");
    assert.deepEqual(
      [paid.units, paid.amount, getAddress(paid.licensee as string)],
      [3n, 3n * PRICE, getAddress(licensee().account.address)],
    );
    assert.equal(await debtOf(ipId, licensee().account.address), 0n);
    assert.equal(await licenses.read.licenseGrants([second, Use.AiTraining]), true);
    assert.equal(await hasAccess(chain, ipId, licensee().account.address, Use.AiTraining), true);
  });

  it("burning a license with unpaid units leaves the debt owed by its holder, and chargeable to it", async () => {
    const { ipId, licenseId } = await suspended(licensee());
    const { licenseId: second } = await buyLicense(chain, licensee(), ipId, meteredTerms);
    await licenses.write.burn([licenseId], { account: licensee().account });
    assert.equal(await debtOf(ipId, licensee().account.address), 3n, "the burn changes nothing of the debt");
    assert.equal(await licenses.read.licenseGrants([second, Use.AiTraining]), false, "still suspended");
    const before = await superTokenBalance(chain, licensee().account.address);
    await meter.write.payOutstanding([licenseId, licensee().account.address], { account: licensee().account });
    assert.equal(before - (await superTokenBalance(chain, licensee().account.address)), 3n * PRICE);
    assert.equal(await hasAccess(chain, ipId, licensee().account.address, Use.AiTraining), true);
  });

  it("a receipt signed before its license was burned is still charged to its signer", async () => {
    const ipId = await meteredWork();
    const { licenseId } = await buyLicense(chain, licensee(), ipId, meteredTerms);
    const signature = await signUsage(chain, licensee(), licenseId, 5n);
    await licenses.write.burn([licenseId], { account: licensee().account });
    const before = await superTokenBalance(chain, licensee().account.address);
    const receipt = await settleUsage(chain, gateway(), licenseId, 5n, signature, licensee().account.address);
    assert.equal(eventArgs(receipt.logs, usageMeterAbi, "UsagePaid")[0].amount, 5n * PRICE);
    assert.equal(before - (await superTokenBalance(chain, licensee().account.address)), 5n * PRICE);
  });

  it("a receipt signed before a transfer is charged to the seller, never to the buyer", async () => {
    const ipId = await meteredWork();
    const { licenseId } = await buyLicense(chain, licensee(), ipId, transferableTerms);
    await approveSuperToken(chain, buyer(), royaltyAddresses(chain).meter);
    const signature = await signUsage(chain, licensee(), licenseId, 10n);
    await licenses.write.transferFrom([licensee().account.address, buyer().account.address, licenseId], {
      account: licensee().account,
    });
    const sellerBefore = await superTokenBalance(chain, licensee().account.address);
    const buyerBefore = await superTokenBalance(chain, buyer().account.address);
    const receipt = await settleUsage(chain, gateway(), licenseId, 10n, signature, licensee().account.address);
    const [paid] = eventArgs(receipt.logs, usageMeterAbi, "UsagePaid");
    assert.equal(getAddress(paid.licensee as string), getAddress(licensee().account.address));
    assert.equal(
      sellerBefore - (await superTokenBalance(chain, licensee().account.address)),
      10n * PRICE,
      "the seller pays its usage",
    );
    assert.equal(await superTokenBalance(chain, buyer().account.address), buyerBefore, "the buyer pays nothing of it");
  });

  it("the buyer of a metered license pays only its own usage, and the seller's debt stays with the seller", async () => {
    const ipId = await meteredWork();
    const { licenseId } = await buyLicense(chain, licensee(), ipId, transferableTerms);
    await allowMeter(licensee(), false);
    await use(licensee(), licenseId, 3n); // the seller runs into debt, past the bound
    await allowMeter(licensee(), true);
    await licenses.write.transferFrom([licensee().account.address, buyer().account.address, licenseId], {
      account: licensee().account,
    });
    assert.equal(await debtOf(ipId, licensee().account.address), 3n, "the seller still owes");
    assert.equal(await debtOf(ipId, buyer().account.address), 0n, "the buyer owes nothing");
    assert.equal(await hasAccess(chain, ipId, buyer().account.address, Use.AiTraining), true, "the buyer has access");
    const before = await superTokenBalance(chain, buyer().account.address);
    await use(buyer(), licenseId, 4n);
    assert.equal(
      before - (await superTokenBalance(chain, buyer().account.address)),
      4n * PRICE,
      "4 units, not the seller's 3 more",
    );
    assert.deepEqual(await meter.read.usageOf([licenseId, buyer().account.address]), { reported: 4n, paid: 4n });
    assert.deepEqual(await meter.read.usageOf([licenseId, licensee().account.address]), { reported: 3n, paid: 0n });
    const sellerBefore = await superTokenBalance(chain, licensee().account.address);
    await meter.write.payOutstanding([licenseId, licensee().account.address], { account: licensee().account });
    assert.equal(
      sellerBefore - (await superTokenBalance(chain, licensee().account.address)),
      3n * PRICE,
      "the seller pays its own debt",
    );
  });

  it("the license token remembers who held a metered license, so the meter can charge its past holders", async () => {
    const ipId = await meteredWork();
    const { licenseId } = await buyLicense(chain, licensee(), ipId, transferableTerms);
    await licenses.write.transferFrom([licensee().account.address, buyer().account.address, licenseId], {
      account: licensee().account,
    });
    await licenses.write.burn([licenseId], { account: buyer().account });
    for (const w of [licensee(), buyer()]) {
      assert.deepEqual(await licenses.read.meteringOf([licenseId, w.account.address]), [ipId, transferableTerms, true]);
    }
    assert.deepEqual(await licenses.read.meteringOf([licenseId, gateway().account.address]), [
      ipId,
      transferableTerms,
      false,
    ]);
    assert.deepEqual(await licenses.read.meteringOf([10_000n, licensee().account.address]), [0n, 0n, false]);
  });

  it("a receipt naming someone who never held the license is refused: UsageMeterNotLicensee", async () => {
    const ipId = await meteredWork();
    const { licenseId } = await buyLicense(chain, licensee(), ipId, meteredTerms);
    const signature = await signUsage(chain, gateway(), licenseId, 1n);
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      meter.write.settle([{ licenseId, licensee: gateway().account.address, cumulativeUnits: 1n }, signature], {
        account: gateway().account,
      }),
      meter,
      "UsageMeterNotLicensee",
      [licenseId, getAddress(gateway().account.address)],
    );
  });

  it("a receipt for a license that was never minted is refused: UsageMeterUnknownLicense", async () => {
    const signature = await signUsage(chain, licensee(), 10_000n, 1n);
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      meter.write.settle(
        [{ licenseId: 10_000n, licensee: licensee().account.address, cumulativeUnits: 1n }, signature],
        { account: gateway().account },
      ),
      meter,
      "UsageMeterUnknownLicense",
      [10_000n],
    );
  });

  it("a replayed receipt pays nothing and says so: SettleSkipped with AlreadyReported", async () => {
    const ipId = await meteredWork();
    const { licenseId } = await buyLicense(chain, licensee(), ipId, meteredTerms);
    await use(licensee(), licenseId, 2n);
    const receipt = await use(licensee(), licenseId, 2n);
    assert.equal(eventArgs(receipt.logs, usageMeterAbi, "UsagePaid").length, 0);
    assert.deepEqual(
      eventArgs(receipt.logs, usageMeterAbi, "SettleSkipped").map((e) => e.reason),
      [4],
    );
  });

  it("paying for a license whose holder owes nothing reverts with UsageMeterNothingOwed", async () => {
    const ipId = await meteredWork();
    const { licenseId } = await buyLicense(chain, licensee(), ipId, meteredTerms);
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      meter.write.payOutstanding([licenseId, licensee().account.address], { account: licensee().account }),
      meter,
      "UsageMeterNothingOwed",
      [licenseId, getAddress(licensee().account.address)],
    );
  });

  it("the interface ABIs carry every error and event the contracts raise", async () => {
    const { iLicenseTokenAbi, iUsageMeterAbi } = await import("@ipnft/protocol/abis");
    const names = (abi: readonly { type: string; name?: string }[], type: string) =>
      abi
        .filter((e) => e.type === type)
        .map((e) => e.name)
        .sort();
    const own = (abi: readonly { type: string; name?: string }[], type: string, prefix: string) =>
      names(abi, type).filter((n) => n!.startsWith(prefix));
    assert.deepEqual(own(iUsageMeterAbi, "error", "UsageMeter"), own(usageMeterAbi, "error", "UsageMeter"));
    assert.deepEqual(
      names(iUsageMeterAbi, "event"),
      names(usageMeterAbi, "event").filter((n) => n !== "EIP712DomainChanged"),
    );
    assert.deepEqual(own(iLicenseTokenAbi, "error", "LicenseToken"), own(licenseTokenAbi, "error", "LicenseToken"));
  });
});
