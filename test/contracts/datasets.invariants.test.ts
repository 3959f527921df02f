/**
 * Invariant of datasets, checked after every step of seeded random sequences against the real Superfluid protocol
 * on the in-process chain: whatever members are added or removed (random weights) and however the dataset is paid
 * (instant payments of random amounts, streams at random rates for random durations), the members together never
 * receive more than was paid in, the curator receives exactly its stated share of what the pool distributed (never
 * more than its share of what was paid in), and nothing is created or lost: payer's spending = members' + curator's
 * income + the rounding the GDA streams to the pool admin.
 * A failure names its seed and step and replays exactly.
 *
 * (Hardhat's Solidity fuzzer cannot host the Superfluid framework and we do not mock Superfluid; so the fuzzed
 * sequences run here, as test/contracts/royalties.invariants.test.ts does for revenue shares.)
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { payDatasetSteps, sendSteps } from "@ipnft/protocol/verbs";
import type { Address } from "viem";
import { parseEther } from "viem";
import { deployedChain } from "../helpers/chain";
import { add, claimable, datasetsAddress, openDataset, payeeOf, remove } from "../helpers/datasets";
import { rng } from "../helpers/invariants/rng";
import { approveSuperToken, fundSuperToken, register, superTokenBalance } from "../helpers/protocol";
import { distributeFlow, realtimeBalance } from "../helpers/royalties";

const STEPS = Number(process.env.INVARIANT_STEPS ?? 16);
const SEEDS = (process.env.INVARIANT_SEEDS ?? "15,16").split(",").map(Number);
const CURATOR_BPS = 1500n;

async function runSequence(seed: number) {
  const r = rng(seed);
  const chain = await deployedChain();
  const [, curator, payer] = chain.wallets;
  await fundSuperToken(chain, payer, parseEther("100000"));
  await approveSuperToken(chain, payer, datasetsAddress(chain));
  const { datasetId, pool } = await openDataset(chain, curator, Number(CURATOR_BPS));
  const works: bigint[] = [];
  for (let i = 0; i < 6; i++) works.push((await register(chain, curator)).ipId);
  const payees = await Promise.all(works.map((ipId) => payeeOf(chain, ipId)));
  const active = new Set<number>();

  const balanceOf = async (a: Address) => (await realtimeBalance(chain, a)).available;
  const payerStart = await balanceOf(payer.account.address);
  const curatorStart = await balanceOf(curator.account.address);
  const adminStart = await superTokenBalance(chain, datasetsAddress(chain));

  for (let step = 0; step < STEPS; step++) {
    const where = `seed ${seed}, step ${step}`;
    const inactive = works.map((_, i) => i).filter((i) => !active.has(i));
    if (inactive.length > 0 && (active.size === 0 || r.next() < 0.5)) {
      const i = r.pick(inactive);
      await add(chain, curator, datasetId, [{ ipId: works[i], weight: 1 + r.int(50), consent: { kind: "owner" } }]);
      active.add(i);
    } else if (active.size > 1 && r.next() < 0.3) {
      const i = r.pick([...active]);
      await remove(chain, curator, datasetId, [works[i]]);
      active.delete(i);
    }
    if (r.next() < 0.5) {
      const amount = BigInt(1 + r.int(1_000_000)) * 10n ** BigInt(6 + r.int(9));
      await sendSteps(
        { publicClient: chain.publicClient, walletClient: payer },
        payDatasetSteps(chain.deployment, { datasetId, amount, allowance: 2n ** 255n }),
      ).catch((e: Error) => {
        if (!/DatasetsNothingToPay/.test(e.message)) throw e; // below one wei per unit: refused, nothing moves
      });
    } else {
      await distributeFlow(chain, payer, pool, BigInt(1 + r.int(1_000_000)) * 10n ** BigInt(4 + r.int(8)));
      await chain.networkHelpers.time.increase(1 + r.int(5000));
      await distributeFlow(chain, payer, pool, 0n); // stopped, so the payer's balance holds no stream deposit
    }

    const spent = payerStart - (await balanceOf(payer.account.address));
    const members = (
      await Promise.all(payees.map(async (p) => (await claimable(chain, pool, p)) + (await balanceOf(p))))
    ).reduce((a, b) => a + b, 0n);
    const curatorGot =
      (await balanceOf(curator.account.address)) +
      (await claimable(chain, pool, curator.account.address)) -
      curatorStart;
    const adjustments = (await superTokenBalance(chain, datasetsAddress(chain))) - adminStart;
    assert.ok(members <= spent, `${where}: members received ${members}, more than the ${spent} paid in`);
    assert.ok(
      curatorGot * 10_000n <= spent * CURATOR_BPS,
      `${where}: the curator received ${curatorGot} of ${spent}, more than its ${CURATOR_BPS} bps`,
    );
    // the units hold the stated share exactly, so the curator's part of what was distributed is exactly its share
    assert.equal(
      curatorGot * 10_000n,
      (members + curatorGot) * CURATOR_BPS,
      `${where}: the curator received ${curatorGot} of ${members + curatorGot} distributed, not its ${CURATOR_BPS} bps`,
    );
    assert.equal(members + curatorGot + adjustments, spent, `${where}: paid in = received, to the wei`);
  }
  await chain.connection.close();
}

describe("Datasets: invariants under random sequences (real Superfluid)", () => {
  for (const seed of SEEDS) {
    it(`members together never receive more than was paid in, and nothing is lost (seed ${seed})`, async () => {
      await runSequence(seed);
    });
  }
});
