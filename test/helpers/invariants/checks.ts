/**
 * The invariants checked after every step of a sequence: pool units mirror share balances and add up to the supply;
 * holders never receive more than was paid in; access per account and per IP is exactly what the model says was paid
 * for; no SuperToken is stranded in the license token or the meter.
 */
import assert from "node:assert/strict";
import { royaltyPoolsAbi, shareTokenAbi, superfluidPoolAbi, superTokenAbi, usageMeterAbi } from "@ipnft/protocol/abis";
import type { Address } from "viem";
import { hasAccess, superTokenBalance, Use } from "../protocol";
import { poolUnits, royaltyAddresses, SUPPLY, shareBalance } from "../royalties";
import { key, type License, type Model } from "./model";
import { MIN_RATE, type World } from "./world";

/** What a check needs: the world and the model after a step, where the step is (`where`, for the messages) and when. */
export interface CheckContext {
  world: World;
  model: Model;
  where: string;
  t: bigint;
}

/** What the holders of a pool received so far, the share token (a member for its own remainders) among them. */
async function receivedBy({ chain, holders }: World, pool: Address, shareToken: Address) {
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
}

/** What an IP's share token itself distributed into its pool (the pool's rounding remainders passed on when a
 * transfer distributes waiting income first), which holders receive beside what payers paid in. */
async function distributedBy({ chain, sequenceStart }: World, shareToken: Address) {
  const logs = await chain.publicClient.getContractEvents({
    address: shareToken,
    abi: shareTokenAbi,
    eventName: "IncomeDistributed",
    fromBlock: sequenceStart,
  });
  return logs.reduce((sum, log) => sum + (log.args.amount as bigint), 0n);
}

export async function checkAfterStep({ world, model, where, t }: CheckContext) {
  const { chain, holders, licensees, bystander, superToken, meter, licenseToken, ips, A } = world;
  const { debt, saw, heldLicenses } = model;
  const received = (pool: Address, shareToken: Address) => receivedBy(world, pool, shareToken);
  const distributedByShareToken = (shareToken: Address) => distributedBy(world, shareToken);

  // 1. pool units mirror share balances, and total units equal the supply (one unit per share)
  let units = 0n;
  for (const h of holders) {
    const balance = await shareBalance(chain, A.shareToken, h.account.address);
    const memberUnits = await poolUnits(chain, A.pool, h.account.address);
    assert.equal(memberUnits, balance, `${where}: units of ${h.account.address} mirror its shares`);
    units += memberUnits;
  }
  assert.equal(units, SUPPLY, `${where}: holders' units add up to the supply`);
  assert.equal(await poolUnits(chain, A.pool), SUPPLY, `${where}: total pool units equal supply / granularity`);

  // 2. what holders received never exceeds what was paid in, per pool (by payers, and by the share token passing
  //    on the pool's rounding remainders it received as a member)
  for (const ip of ips) {
    const got = await received(ip.pool, ip.shareToken);
    const passedOn = await distributedByShareToken(ip.shareToken);
    assert.ok(
      got <= ip.paidIn + passedOn,
      `${where}: holders of IP ${ip.ipId} received ${got} > paid in ${ip.paidIn} + ${passedOn}`,
    );
  }

  // 3. no access without payment, per account and per IP: access is exactly what the model says
  for (const who of [...licensees, bystander]) {
    const account = who.account.address;
    const critical = await chain.publicClient.readContract({
      address: superToken,
      abi: superTokenAbi,
      functionName: "isAccountCriticalNow",
      args: [account],
    });
    for (let ip = 0; ip < ips.length; ip++) {
      const flowing = BigInt(
        await chain.publicClient.readContract({
          address: royaltyAddresses(chain).pools,
          abi: royaltyPoolsAbi,
          functionName: "licenseeFlowRate",
          args: [ips[ip].ipId, account],
        }),
      );
      const owes = debt.get(key(ip, account)) ?? 0n;
      assert.equal(
        await chain.publicClient.readContract({
          address: meter,
          abi: usageMeterAbi,
          functionName: "debtOf",
          args: [ips[ip].ipId, account],
        }),
        owes,
        `${where}: the debt of ${account} for IP ${ips[ip].ipId} follows the account`,
      );
      const paidFor = (l: License) => {
        if (l.expiry !== 0n && t >= l.expiry) return false;
        const o = l.offer;
        if (o.minRate !== 0n && (flowing <= 0n || flowing < o.minRate - (o.minRate % SUPPLY) || critical)) return false;
        if (o.pricePerUnit !== 0n && owes > o.maxUnpaid) return false;
        return true;
      };
      const expected = heldLicenses(account).some((l) => l.ip === ip && paidFor(l));
      const held = heldLicenses(account).filter((l) => l.ip === ip);
      if (expected) saw("access");
      if (critical) saw("critical account");
      if (held.some((l) => l.offer.minRate !== 0n) && flowing >= MIN_RATE && critical) saw("streaming while critical");
      if (held.some((l) => l.offer.pricePerUnit !== 0n) && held.some((l) => l.offer.maxUnpaid < owes))
        saw("metered license past its bound");
      if (held.some((l) => l.expiry !== 0n && t >= l.expiry)) saw("expired license held");
      if (held.length > 0 && !expected) saw("licensed but no access");
      const actual = await hasAccess(chain, ips[ip].ipId, account, Use.AiTraining);
      assert.equal(
        actual,
        expected,
        `${where}: AI access of ${account} to IP ${ips[ip].ipId} (flow ${flowing}, critical ${critical}, owes ${owes})`,
      );
    }
  }

  // 4. no SuperToken is stranded in the license token or the meter
  assert.equal(await superTokenBalance(chain, licenseToken), 0n, `${where}: the license token holds nothing`);
  assert.equal(await superTokenBalance(chain, meter), 0n, `${where}: the meter holds nothing`);
}
