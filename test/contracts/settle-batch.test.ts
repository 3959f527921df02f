/**
 * One bad receipt never blocks the others: `settleBatch` settles every valid receipt and skips each invalid one
 * with `SettleSkipped` and its reason. Against the real Superfluid protocol (usage is paid in the SuperToken into
 * the IP's GDA pool); the only stand-in is the licensee's own smart-contract wallet (contracts/test/ContractWallet),
 * which signs through its owner or misbehaves as a test tells it to.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { licenseTokenAbi, superTokenAbi, usageMeterAbi } from "@ipnft/protocol/abis";
import type { Address, Hex } from "viem";
import { encodeFunctionData, getAddress, parseEther } from "viem";
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
  type Wallet,
} from "../helpers/protocol";
import { enableShares, royaltyAddresses, settleUsage, signUsage } from "../helpers/royalties";

const PRICE = parseEther("0.01");
/** IUsageMeter.SkipReason */
const Skip = { UnknownLicense: 0, NotMetered: 1, NotLicensee: 2, InvalidSignature: 3, AlreadyReported: 4 } as const;
/** ContractWallet.Mode */
const Mode = { OwnerSigns: 0, Refuses: 1, Reverts: 2, BurnsAllGas: 3 } as const;

type Receipt = { licenseId: bigint; licensee: Address; cumulativeUnits: bigint };

describe("settleBatch: one bad receipt never blocks the others", () => {
  let chain: Chain;
  let ipId: bigint;
  let metered: bigint; // transferable, free, metered
  let flat: bigint;
  before(async () => {
    chain = await deployedChain();
    for (const w of chain.wallets.slice(2, 6)) {
      await fundSuperToken(chain, w, parseEther("1000"));
      await approveSuperToken(chain, w, royaltyAddresses(chain).meter);
    }
    metered = await registerTerms(
      chain,
      artist(),
      terms(chain, {
        upfrontFee: 0n,
        duration: 0,
        transferable: true,
        pricePerUnit: PRICE,
        legalTextURI: "urn:batch:metered",
      }),
    );
    flat = await registerTerms(
      chain,
      artist(),
      terms(chain, { upfrontFee: parseEther("1"), legalTextURI: "urn:batch:flat" }),
    );
    ({ ipId } = await register(chain, artist(), { termsIds: [metered, flat] }));
    await enableShares(chain, artist(), ipId);
  });
  const artist = () => chain.wallets[1];
  const alice = () => chain.wallets[2];
  const bob = () => chain.wallets[3];
  const gateway = () => chain.wallets[4];
  const carol = () => chain.wallets[5];

  const send = async (
    w: Wallet,
    address: Address,
    abi: readonly unknown[],
    functionName: string,
    args: readonly unknown[],
  ) =>
    chain.publicClient.waitForTransactionReceipt({
      hash: await w.writeContract({
        address,
        abi: abi as never,
        functionName: functionName as never,
        args: args as never,
      }),
    });

  /** A smart-contract licensee owned by `owner`, holding a metered license (sent to it), answering ERC-1271 by `mode`. */
  async function contractLicensee(owner: Wallet, mode: number) {
    const wallet = await chain.viem.deployContract("ContractWallet", [owner.account.address]);
    const { licenseId } = await buyLicense(chain, owner, ipId, metered);
    await send(owner, addresses(chain).licenses, licenseTokenAbi, "transferFrom", [
      owner.account.address,
      wallet.address,
      licenseId,
    ]);
    // the wallet pays its own usage: it holds SuperTokens and lets the meter take them
    await send(owner, addresses(chain).superToken, superTokenAbi, "transfer", [wallet.address, parseEther("10")]);
    const approve = encodeFunctionData({
      abi: superTokenAbi,
      functionName: "approve",
      args: [royaltyAddresses(chain).meter, 2n ** 255n],
    });
    await wallet.write.execute([addresses(chain).superToken, approve], { account: owner.account });
    if (mode !== Mode.OwnerSigns) await wallet.write.setMode([mode], { account: owner.account });
    return { wallet: wallet.address as Address, licenseId };
  }

  async function settleBatch(receipts: Receipt[], signatures: Hex[]) {
    const { result } = await chain.publicClient.simulateContract({
      address: royaltyAddresses(chain).meter,
      abi: usageMeterAbi,
      functionName: "settleBatch",
      args: [receipts, signatures],
      account: gateway().account,
    });
    const receipt = await send(gateway(), royaltyAddresses(chain).meter, usageMeterAbi, "settleBatch", [
      receipts,
      signatures,
    ]);
    return { paid: result, receipt };
  }
  const sign = (w: Wallet, r: Receipt) => signUsage(chain, w, r.licenseId, r.cumulativeUnits, r.licensee);

  it("a batch mixing good and bad receipts settles every good one and skips each bad one with its reason", async () => {
    const a = alice().account.address;
    const good = (await buyLicense(chain, alice(), ipId, metered)).licenseId;
    const burned = (await buyLicense(chain, alice(), ipId, metered)).licenseId;
    const transferred = (await buyLicense(chain, alice(), ipId, metered)).licenseId;
    const unmetered = (await buyLicense(chain, alice(), ipId, flat)).licenseId;
    const forged = (await buyLicense(chain, alice(), ipId, metered)).licenseId;
    const replayed = (await buyLicense(chain, bob(), ipId, metered)).licenseId;
    await settleUsage(
      chain,
      gateway(),
      replayed,
      4n,
      await signUsage(chain, bob(), replayed, 4n),
      bob().account.address,
    );
    const reverting = await contractLicensee(carol(), Mode.Reverts);
    const looping = await contractLicensee(carol(), Mode.BurnsAllGas);
    const refusing = await contractLicensee(carol(), Mode.Refuses);
    const smart = await contractLicensee(carol(), Mode.OwnerSigns);

    const batch: { receipt: Receipt; signer: Wallet; expect: "paid" | number }[] = [
      { receipt: { licenseId: good, licensee: a, cumulativeUnits: 5n }, signer: alice(), expect: "paid" },
      { receipt: { licenseId: burned, licensee: a, cumulativeUnits: 2n }, signer: alice(), expect: "paid" },
      { receipt: { licenseId: transferred, licensee: a, cumulativeUnits: 3n }, signer: alice(), expect: "paid" },
      { receipt: { licenseId: unmetered, licensee: a, cumulativeUnits: 1n }, signer: alice(), expect: Skip.NotMetered },
      {
        receipt: { licenseId: forged, licensee: a, cumulativeUnits: 9n },
        signer: bob(),
        expect: Skip.InvalidSignature,
      },
      {
        receipt: { licenseId: reverting.licenseId, licensee: reverting.wallet, cumulativeUnits: 1n },
        signer: carol(),
        expect: Skip.InvalidSignature,
      },
      {
        receipt: { licenseId: looping.licenseId, licensee: looping.wallet, cumulativeUnits: 1n },
        signer: carol(),
        expect: Skip.InvalidSignature,
      },
      {
        receipt: { licenseId: refusing.licenseId, licensee: refusing.wallet, cumulativeUnits: 1n },
        signer: carol(),
        expect: Skip.InvalidSignature,
      },
      {
        receipt: { licenseId: good, licensee: bob().account.address, cumulativeUnits: 1n },
        signer: bob(),
        expect: Skip.NotLicensee,
      },
      {
        receipt: { licenseId: 10_000n, licensee: a, cumulativeUnits: 1n },
        signer: alice(),
        expect: Skip.UnknownLicense,
      },
      {
        receipt: { licenseId: replayed, licensee: bob().account.address, cumulativeUnits: 4n },
        signer: bob(),
        expect: Skip.AlreadyReported,
      },
      {
        receipt: { licenseId: smart.licenseId, licensee: smart.wallet, cumulativeUnits: 7n },
        signer: carol(),
        expect: "paid",
      },
    ];
    const signatures = await Promise.all(batch.map((b) => sign(b.signer, b.receipt)));
    // receipts signed before their license was burned, or transferred, stay good: charged to their signer
    await send(alice(), addresses(chain).licenses, licenseTokenAbi, "burn", [burned]);
    await send(alice(), addresses(chain).licenses, licenseTokenAbi, "transferFrom", [
      a,
      bob().account.address,
      transferred,
    ]);

    const aliceBefore = await superTokenBalance(chain, a);
    const smartBefore = await superTokenBalance(chain, smart.wallet);
    const { paid, receipt } = await settleBatch(
      batch.map((b) => b.receipt),
      signatures,
    );

    const paidEvents = eventArgs(receipt.logs, usageMeterAbi, "UsagePaid");
    const skipped = eventArgs(receipt.logs, usageMeterAbi, "SettleSkipped");
    const is = (e: Record<string, unknown>, r: Receipt) =>
      e.licenseId === r.licenseId && getAddress(e.licensee as string) === getAddress(r.licensee);
    for (const { receipt: r, expect } of batch) {
      if (expect === "paid") {
        const ev = paidEvents.filter((e) => is(e, r));
        assert.equal(ev.length, 1, `receipt of license ${r.licenseId} is paid`);
        assert.equal(ev[0].amount, r.cumulativeUnits * PRICE);
      } else {
        const ev = skipped.filter((e) => is(e, r));
        assert.deepEqual(
          ev.map((e) => [e.reason, e.cumulativeUnits]),
          [[expect, r.cumulativeUnits]],
          `receipt of license ${r.licenseId} is skipped with reason ${expect}`,
        );
      }
    }
    assert.equal(paidEvents.length + skipped.length, batch.length, "every receipt is paid or skipped");
    // the looping signer burned only its bounded share (UsageMeter.SIGNER_GAS), not the batch's gas: 1.76M measured
    assert.ok(receipt.gasUsed < 2_500_000n, `the batch used ${receipt.gasUsed} gas`);
    assert.equal(paid, (5n + 2n + 3n + 7n) * PRICE, "settleBatch returns what the good receipts paid");
    assert.equal(
      aliceBefore - (await superTokenBalance(chain, a)),
      (5n + 2n + 3n) * PRICE,
      "alice pays for the receipts she signed",
    );
    assert.equal(
      smartBefore - (await superTokenBalance(chain, smart.wallet)),
      7n * PRICE,
      "a smart-contract licensee pays its own",
    );
  });

  it("a licensee who cannot pay in a batch owes its units while the others in the batch are paid", async () => {
    const good = (await buyLicense(chain, alice(), ipId, metered)).licenseId;
    const broke = (await buyLicense(chain, bob(), ipId, metered)).licenseId;
    await send(bob(), addresses(chain).superToken, superTokenAbi, "approve", [royaltyAddresses(chain).meter, 0n]);
    const receipts: Receipt[] = [
      { licenseId: broke, licensee: bob().account.address, cumulativeUnits: 6n },
      { licenseId: good, licensee: alice().account.address, cumulativeUnits: 2n },
    ];
    const { paid, receipt } = await settleBatch(receipts, [
      await sign(bob(), receipts[0]),
      await sign(alice(), receipts[1]),
    ]);
    assert.equal(paid, 2n * PRICE);
    const [failed] = eventArgs(receipt.logs, usageMeterAbi, "UsagePaymentFailed");
    assert.deepEqual(
      [failed.licenseId, getAddress(failed.licensee as string), failed.unpaidUnits],
      [broke, getAddress(bob().account.address), 6n],
    );
    assert.equal(
      await chain.publicClient.readContract({
        address: royaltyAddresses(chain).meter,
        abi: usageMeterAbi,
        functionName: "debtOf",
        args: [ipId, bob().account.address],
      }),
      6n,
    );
    await approveSuperToken(chain, bob(), royaltyAddresses(chain).meter);
  });

  it("a batch whose receipts and signatures differ in number, or that is over MAX_BATCH, is refused: UsageMeterInvalidBatch", async () => {
    const meter = await chain.viem.getContractAt("UsageMeter", royaltyAddresses(chain).meter);
    const r: Receipt = { licenseId: 1n, licensee: alice().account.address, cumulativeUnits: 1n };
    const sig = await sign(alice(), r);
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      meter.write.settleBatch([Array(33).fill(r), Array(33).fill(sig)], { account: gateway().account }),
      meter,
      "UsageMeterInvalidBatch",
      [33n, 33n, 32n],
    );
  });

  it("settle, unlike settleBatch, reverts for a bad receipt: UsageMeterInvalidSignature for an ERC-1271 signer that reverts", async () => {
    const meter = await chain.viem.getContractAt("UsageMeter", royaltyAddresses(chain).meter);
    const { wallet, licenseId } = await contractLicensee(carol(), Mode.Reverts);
    const r: Receipt = { licenseId, licensee: wallet, cumulativeUnits: 1n };
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      meter.write.settle([r, await sign(carol(), r)], { account: gateway().account }),
      meter,
      "UsageMeterInvalidSignature",
      [licenseId, getAddress(wallet)],
    );
  });

  it("the test wallet takes orders from its owner only", async () => {
    const wallet = await chain.viem.deployContract("ContractWallet", [carol().account.address]);
    for (const write of [
      () => wallet.write.setMode([1], { account: bob().account }),
      () => wallet.write.execute([wallet.address, "0x"], { account: bob().account }),
    ]) {
      await chain.viem.assertions.revertWithCustomErrorWithArgs(write(), wallet, "ContractWalletNotOwner", [
        getAddress(bob().account.address),
      ]);
    }
    // a call that reverts bubbles its error up: here ERC721NonexistentToken(10000), selector 0x7e273289
    await assert.rejects(
      wallet.write.execute(
        [
          addresses(chain).licenses,
          encodeFunctionData({ abi: licenseTokenAbi, functionName: "burn", args: [10_000n] }),
        ],
        { account: carol().account },
      ),
      /0x7e273289/,
    );
  });
});
