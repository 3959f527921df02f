/**
 * Invariants of revenue shares and royalty payments, checked after every step of random sequences of share
 * transfers, share purchases, license purchases, streams started/changed/stopped, usage settlements (fresh,
 * replayed and older receipts), ERC-2981 royalties paid to the share token (in the SuperToken or its underlying),
 * income distributions and time passing, against the real Superfluid protocol on the in-process chain.
 * The sequences come from a seeded generator, so a failure names its seed and step and replays exactly.
 *
 * (Hardhat's Solidity invariant runner cannot host the Superfluid framework, which needs unlimited contract
 * size and linked libraries, and we do not mock Superfluid; so the fuzzed sequences run here.)
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Address } from "viem";
import { parseEther } from "viem";
import { shareTokenAbi, superfluidPoolAbi, superTokenAbi, testTokenAbi, usageMeterAbi } from "@ipnft/protocol/abis";
import { deployedChain } from "../helpers/chain";
import {
  type Chain,
  Preset,
  Use,
  addresses,
  approveSuperToken,
  buyLicense,
  eventArgs,
  fundSuperToken,
  hasAccess,
  register,
} from "../helpers/protocol";
import {
  SUPPLY,
  buyShares,
  distributeFlow,
  enableShares,
  openSale,
  poolUnits,
  royaltyAddresses,
  settleUsage,
  shareBalance,
  signUsage,
  transferShares,
} from "../helpers/royalties";

const MIN_RATE = 11_574_074_000_000n;
const STEPS = Number(process.env.INVARIANT_STEPS ?? 50);
const SEEDS = (process.env.INVARIANT_SEEDS ?? "1,2,3").split(",").map(Number);

/** mulberry32: a small seeded PRNG. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

async function runSequence(seed: number) {
  const chain: Chain = await deployedChain();
  const r = rng(seed);
  const [, artist, aiCompany, fanA, fanB, fanC] = chain.wallets;
  const fans = [fanA, fanB, fanC];
  const holders = [artist, ...fans];
  for (const w of [aiCompany, ...fans]) await fundSuperToken(chain, w, parseEther("100000"));

  const { ipId } = await register(chain, artist, { termsIds: [Preset.AiTrainingStreamed, Preset.AiTrainingFlatFee] });
  const { shareToken, pool } = await enableShares(chain, artist, ipId);
  await openSale(chain, artist, shareToken, 600_000n, parseEther("0.0001"));
  const { licenseId: streamed } = await buyLicense(chain, aiCompany, ipId, Preset.AiTrainingStreamed);
  await approveSuperToken(chain, aiCompany, royaltyAddresses(chain).meter);

  const startBlock = await chain.publicClient.getBlockNumber();
  let paidIn = 0n; // everything payers sent into the pool: fees, usage, streamed (the share token's own distributions apart)
  let flatLicenses = 0;
  let reported = 0n;
  let lastRate = 0n;
  let lastTime = (await chain.publicClient.getBlock()).timestamp;
  const streamedSince = async () => {
    const now = (await chain.publicClient.getBlock()).timestamp;
    paidIn += lastRate * (now - lastTime);
    lastTime = now;
  };
  const actualRate = () =>
    chain.publicClient.readContract({ address: pool as Address, abi: superfluidPoolAbi, functionName: "getTotalFlowRate" });

  const received = async () => {
    let sum = 0n;
    for (const h of [...holders.map((w) => w.account.address), shareToken]) {
      sum += await chain.publicClient.readContract({
        address: pool,
        abi: superfluidPoolAbi,
        functionName: "getTotalAmountReceivedByMember",
        args: [h],
      });
    }
    return sum;
  };

  /** What the share token itself distributed into the pool (royalties and the pool's rounding remainders). */
  const distributedByShareToken = async () => {
    const logs = await chain.publicClient.getContractEvents({ address: shareToken, abi: shareTokenAbi, eventName: "IncomeDistributed", fromBlock: startBlock });
    return logs.reduce((sum, log) => sum + (log.args.amount as bigint), 0n);
  };
  /** The share token's SuperToken and underlying balances at `blockNumber` (read in that block's time). */
  const heldByShareToken = async (blockNumber: bigint) => {
    const { superToken, underlying } = addresses(chain);
    const read = (address: Address, abi: typeof superTokenAbi | typeof testTokenAbi) =>
      chain.publicClient.readContract({ address, abi, functionName: "balanceOf", args: [shareToken], blockNumber } as never) as Promise<bigint>;
    return { currency: await read(superToken, superTokenAbi), underlying: await read(underlying, testTokenAbi) };
  };

  const actions: [string, () => Promise<void>][] = [
    ["transfer shares", async () => {
      const from = r.pick(holders);
      const balance = await shareBalance(chain, shareToken, from.account.address);
      if (balance === 0n) return;
      const to = r.pick(holders.filter((h) => h !== from));
      await transferShares(chain, from, shareToken, to.account.address, BigInt(1 + r.int(Number(balance))));
    }],
    ["buy shares", async () => {
      const [available] = (await chain.publicClient.readContract({ address: shareToken, abi: (await import("@ipnft/protocol/abis")).shareTokenAbi, functionName: "sale" })) as [bigint, bigint];
      const artistBalance = await shareBalance(chain, shareToken, artist.account.address);
      const max = available < artistBalance ? available : artistBalance;
      if (max === 0n) return;
      await buyShares(chain, r.pick(fans), shareToken, BigInt(1 + r.int(Number(max > 50_000n ? 50_000n : max))));
    }],
    ["buy flat-fee license", async () => {
      if (flatLicenses >= 7) return; // one account holds at most 8 licenses of an IP, one is the streamed one
      await buyLicense(chain, aiCompany, ipId, Preset.AiTrainingFlatFee);
      flatLicenses++;
      paidIn += parseEther("100");
    }],
    ["start, change or stop the stream", async () => {
      const rate = r.pick([0n, MIN_RATE - 1n, MIN_RATE, MIN_RATE * 3n + BigInt(r.int(1_000_000))]);
      await streamedSince();
      await distributeFlow(chain, aiCompany, pool, rate);
      lastRate = BigInt(await actualRate());
    }],
    ["settle usage (new, replayed or older)", async () => {
      const units = r.pick([reported, reported > 0n ? reported - 1n : 0n, reported + BigInt(1 + r.int(50))]);
      if (units === 0n) return;
      const receipt = await settleUsage(chain, r.pick(fans), streamed, units, await signUsage(chain, aiCompany, streamed, units));
      for (const ev of eventArgs(receipt.logs, usageMeterAbi, "UsagePaid")) paidIn += ev.amount as bigint;
      if (units > reported) reported = units;
    }],
    ["an ERC-2981 royalty arrives in the SuperToken", async () => {
      const payer = r.pick(fans);
      const amount = BigInt(1 + r.int(3_000_000)) * (r.next() < 0.5 ? 1n : 10n ** 12n);
      await chain.publicClient.waitForTransactionReceipt({
        hash: await payer.writeContract({ address: addresses(chain).superToken, abi: superTokenAbi, functionName: "transfer", args: [shareToken, amount] }),
      });
    }],
    ["an ERC-2981 royalty arrives in the underlying stablecoin", async () => {
      const amount = BigInt(1 + r.int(3_000_000)) * (r.next() < 0.5 ? 1n : 10n ** 12n);
      await chain.publicClient.waitForTransactionReceipt({
        hash: await r.pick(fans).writeContract({ address: addresses(chain).underlying, abi: testTokenAbi, functionName: "mint", args: [shareToken, amount] }),
      });
    }],
    ["anyone distributes the share token's income", async () => {
      const receipt = await chain.publicClient.waitForTransactionReceipt({
        hash: await r.pick(holders).writeContract({ address: shareToken, abi: shareTokenAbi, functionName: "distributeIncome" }),
      });
      const left = await heldByShareToken(receipt.blockNumber);
      assert.equal(left.underlying, 0n, `seed ${seed}: distributeIncome wraps all the underlying`);
      assert.ok(left.currency < SUPPLY, `seed ${seed}: distributeIncome leaves only a remainder below one wei per share (${left.currency})`);
    }],
    ["time passes", async () => {
      await chain.networkHelpers.time.increase(1 + r.int(3 * 3600));
    }],
  ];

  for (let step = 0; step < STEPS; step++) {
    const [name, act] = r.pick(actions);
    await act();
    await streamedSince();
    lastRate = BigInt(await actualRate());
    const where = `seed ${seed}, step ${step} (${name})`;

    // 1. pool units mirror share balances, and total units equal the supply (one unit per share)
    let units = 0n;
    for (const h of holders) {
      const balance = await shareBalance(chain, shareToken, h.account.address);
      const memberUnits = await poolUnits(chain, pool, h.account.address);
      assert.equal(memberUnits, balance, `${where}: units of ${h.account.address} mirror its shares`);
      units += memberUnits;
    }
    assert.equal(units, SUPPLY, `${where}: holders' units add up to the supply`);
    assert.equal(await poolUnits(chain, pool), SUPPLY, `${where}: total pool units equal supply / granularity`);

    // 2. what holders received never exceeds what was paid in (by payers, and by the share token passing on
    //    royalties and the pool's rounding remainders)
    const got = await received();
    const fromShareToken = await distributedByShareToken();
    assert.ok(got <= paidIn + fromShareToken, `${where}: holders received ${got} > paid in ${paidIn} + ${fromShareToken}`);

    // 4. nothing is stranded in the share token: it holds only what a later distributeIncome releases (all of
    //    it in whole wei per share; below one wei per share waits for the next distribution)
    const now = await chain.publicClient.getBlockNumber();
    const held = await heldByShareToken(now);
    const { result: releasable } = await chain.publicClient.simulateContract({
      address: shareToken,
      abi: shareTokenAbi,
      functionName: "distributeIncome",
      account: fanA.account.address,
      blockNumber: now,
    });
    const income = held.currency + held.underlying; // the stablecoin has 18 decimals, as the SuperToken
    assert.equal(releasable, income - (income % SUPPLY), `${where}: distributeIncome would release all but the remainder`);

    // 3. no access without payment
    const flowing = BigInt(await chain.publicClient.readContract({
      address: royaltyAddresses(chain).pools,
      abi: (await import("@ipnft/protocol/abis")).royaltyPoolsAbi,
      functionName: "licenseeFlowRate",
      args: [ipId, aiCompany.account.address],
    }));
    const unpaid = await chain.publicClient.readContract({ address: royaltyAddresses(chain).meter, abi: usageMeterAbi, functionName: "unpaidUnits", args: [streamed] });
    const aiAccess = await hasAccess(chain, ipId, aiCompany.account.address, Use.AiTraining);
    const paidForAccess = flatLicenses > 0 || (flowing >= MIN_RATE && unpaid <= 100n);
    assert.ok(!aiAccess || paidForAccess, `${where}: AI access without payment (flow ${flowing}, unpaid ${unpaid})`);
    if (flatLicenses === 0) assert.equal(aiAccess, flowing >= MIN_RATE && unpaid <= 100n, `${where}: streamed access follows the stream`);
    for (const f of fans) {
      assert.equal(await hasAccess(chain, ipId, f.account.address, Use.AiTraining), false, `${where}: a fan without a license has no access`);
    }
  }
  void addresses;
  await distributeFlow(chain, aiCompany, pool, 0n);
  await chain.connection.close();
}

describe("invariants of shares, pools and payments under random sequences (real Superfluid)", () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: units mirror shares and equal the supply, holders never receive more than was paid in, no access without payment, the share token holds only what distributeIncome releases`, async () => {
      await runSequence(seed);
    });
  }
});
