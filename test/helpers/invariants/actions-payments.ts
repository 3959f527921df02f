/**
 * The steps of an invariant sequence that pay or stop paying: streams started, changed and stopped, usage settled in
 * batches (fresh, replayed, older and invalid receipts beside valid ones), allowances given and withdrawn, debts
 * paid, licensees running their balance down and topping it up, and time passing. Each updates the model.
 */
import assert from "node:assert/strict";
import { gdaV1ForwarderAbi, royaltyPoolsAbi, superTokenAbi, usageMeterAbi } from "@ipnft/protocol/abis";
import type { Address, Hex } from "viem";
import { getAddress, parseEther } from "viem";
import { eventArgs, fundSuperToken, type Wallet } from "../protocol";
import { royaltyAddresses, SUPPLY, signUsage } from "../royalties";
import { key, type Model } from "./model";
import { type Action, MIN_RATE, type World } from "./world";

export function paymentActions(world: World, model: Model): Action[] {
  const { seed, chain, r, fans, licensees, bystander, superToken, meter, wait, attempt, ips, streamedSince } = world;
  const { owned, usage, heldBy, meterAllowed, saw, usageOf, usageSettled, outstandingPaid } = model;
  return [
    [
      "start, change or stop a stream",
      async () => {
        // mostly a licensee streaming for a streamed license it holds
        const streamedHeld = owned.filter((l) => l.owner && l.offer.minRate !== 0n);
        const license = streamedHeld.length > 0 && r.next() < 0.75 ? r.pick(streamedHeld) : null;
        const who = license ? licensees.find((w) => w.account.address === license.owner)! : r.pick(licensees);
        const ip = license ? ips[license.ip] : r.pick(ips);
        const rate = r.pick([
          0n,
          MIN_RATE - 1n,
          MIN_RATE,
          MIN_RATE,
          MIN_RATE * 3n + BigInt(r.int(1_000_000)),
          MIN_RATE * 3n,
        ]);
        await streamedSince();
        // a critical account cannot open or raise a stream: that is Superfluid's rule, not ours
        const streamed = await attempt(() =>
          who.writeContract({
            address: royaltyAddresses(chain).forwarder,
            abi: gdaV1ForwarderAbi,
            functionName: "distributeFlow",
            args: [superToken, who.account.address, ip.pool, rate, "0x"],
          }),
        );
        saw(streamed ? (rate === 0n ? "stream stopped" : "stream set") : "stream refused");
      },
      3,
    ],
    [
      "settle a batch of usage receipts",
      async () => {
        const receipts: { licenseId: bigint; licensee: Address; cumulativeUnits: bigint }[] = [];
        const signatures: Hex[] = [];
        const n = 1 + r.int(3);
        for (let i = 0; i < n; i++) {
          const signer = r.pick(licensees);
          const held = owned.filter((l) => heldBy.get(key(l.id, signer.account.address)));
          const meteredHeld = held.filter((l) => l.offer.pricePerUnit !== 0n);
          const candidates = meteredHeld.length > 0 && r.next() < 0.75 ? meteredHeld : held;
          // mostly a license the signer holds or held; sometimes any license, or one never minted
          const licenseId =
            candidates.length > 0 && r.next() < 0.85
              ? r.pick(candidates).id
              : owned.length > 0 && r.next() < 0.8
                ? r.pick(owned).id
                : 999_999n;
          if (receipts.some((rc) => rc.licenseId === licenseId && rc.licensee === signer.account.address)) continue;
          const u = usageOf(licenseId, signer.account.address);
          const units = r.pick([u.reported, u.reported > 0n ? u.reported - 1n : 0n, u.reported + BigInt(1 + r.int(3))]);
          receipts.push({ licenseId, licensee: signer.account.address, cumulativeUnits: units });
          signatures.push(await signUsage(chain, signer, licenseId, units));
        }
        const submitter = r.pick(fans);
        const receipt = await wait(
          await submitter.writeContract({
            address: meter,
            abi: usageMeterAbi,
            functionName: "settleBatch",
            args: [receipts, signatures],
          }),
        );
        const paid = eventArgs(receipt.logs, usageMeterAbi, "UsagePaid");
        const failed = eventArgs(receipt.logs, usageMeterAbi, "UsagePaymentFailed");
        const skipped = eventArgs(receipt.logs, usageMeterAbi, "SettleSkipped");
        assert.equal(
          paid.length + failed.length + skipped.length,
          receipts.length,
          `seed ${seed}: every receipt is settled or skipped`,
        );
        for (const ev of skipped) saw(`receipt skipped (reason ${ev.reason})`);
        if (failed.length) saw("usage payment failed");
        if (paid.length) saw("usage paid");
        for (const rc of receipts) {
          const license = owned.find((l) => l.id === rc.licenseId);
          const k = key(rc.licenseId, rc.licensee);
          const u = usageOf(rc.licenseId, rc.licensee);
          const valid =
            !!license && license.offer.pricePerUnit !== 0n && heldBy.get(k) === true && rc.cumulativeUnits > u.reported;
          const mine = (evs: Record<string, unknown>[]) =>
            evs.filter(
              (e) => e.licenseId === rc.licenseId && getAddress(e.licensee as string) === getAddress(rc.licensee),
            );
          if (!valid) {
            assert.equal(
              mine(paid).length + mine(failed).length,
              0,
              `seed ${seed}: an invalid or replayed receipt settles nothing`,
            );
            continue;
          }
          if (mine(paid).length > 0) {
            assert.ok(meterAllowed.get(rc.licensee), `seed ${seed}: charged without an allowance`);
            const amount = mine(paid)[0].amount as bigint;
            assert.equal(
              amount,
              (rc.cumulativeUnits - u.paid) * license.offer.pricePerUnit -
                (((rc.cumulativeUnits - u.paid) * license.offer.pricePerUnit) % SUPPLY),
              `seed ${seed}: usage paid at the price, the remainder returned`,
            );
            ips[license.ip].paidIn += amount;
            usageSettled(license, rc.licensee, rc.cumulativeUnits, true);
          } else {
            assert.equal(mine(failed).length, 1, `seed ${seed}: a valid receipt is paid or owed`);
            usageSettled(license, rc.licensee, rc.cumulativeUnits, false);
          }
        }
      },
      4,
    ],
    [
      "allow or refuse the meter",
      async () => {
        const who = r.pick(licensees);
        const allowed = r.next() < 0.5;
        await wait(
          await who.writeContract({
            address: superToken,
            abi: superTokenAbi,
            functionName: "approve",
            args: [meter, allowed ? 2n ** 255n : 0n],
          }),
        );
        meterAllowed.set(who.account.address, allowed);
      },
      2,
    ],
    [
      "pay what is owed",
      async () => {
        const who = r.pick(licensees);
        const owing = owned.filter((l) => {
          const u = usage.get(key(l.id, who.account.address));
          return u && u.reported > u.paid;
        });
        if (owing.length === 0) return;
        const license = r.pick(owing);
        const receipt = await attempt(() =>
          who.writeContract({
            address: meter,
            abi: usageMeterAbi,
            functionName: "payOutstanding",
            args: [license.id, who.account.address],
          }),
        );
        if (!receipt) return; // no allowance, or not enough left
        outstandingPaid(license, who.account.address);
        ips[license.ip].paidIn += eventArgs(receipt.logs, usageMeterAbi, "UsagePaid")[0].amount as bigint;
      },
      1,
    ],
    [
      "a licensee spends nearly all it has",
      async () => {
        // mostly one that streams for a streamed license, so that a stream it can no longer pay for is reached
        const streaming: Wallet[] = [];
        for (const l of owned.filter((x) => x.owner && x.offer.minRate !== 0n)) {
          const w = licensees.find((x) => x.account.address === l.owner)!;
          const rate = await chain.publicClient.readContract({
            address: royaltyAddresses(chain).pools,
            abi: royaltyPoolsAbi,
            functionName: "licenseeFlowRate",
            args: [ips[l.ip].ipId, w.account.address],
          });
          if (rate >= MIN_RATE && !streaming.includes(w)) streaming.push(w);
        }
        const who = streaming.length > 0 && r.next() < 0.8 ? r.pick(streaming) : r.pick(licensees);
        const [available] = await chain.publicClient.readContract({
          address: superToken,
          abi: superTokenAbi,
          functionName: "realtimeBalanceOfNow",
          args: [who.account.address],
        });
        const keep = parseEther("0.05");
        if (available <= keep) return;
        if (
          await attempt(() =>
            who.writeContract({
              address: superToken,
              abi: superTokenAbi,
              functionName: "transfer",
              args: [bystander.account.address, available - keep],
            }),
          )
        )
          saw("balance spent");
      },
      2,
    ],
    [
      "a licensee tops up",
      async () => {
        await fundSuperToken(chain, r.pick(licensees), parseEther("1000"));
      },
      1,
    ],
    [
      "time passes",
      async () => {
        await chain.networkHelpers.time.increase(1 + r.int(3 * 3600));
      },
      2,
    ],
  ];
}
