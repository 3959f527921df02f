/**
 * Invariants of revenue shares, royalty payments and access, checked after every step of random sequences of
 * share transfers and purchases, license purchases, transfers and burns (flat-fee, streamed and metered licenses
 * of two IPs, by three licensees), streams started/changed/stopped, usage settled in batches (fresh, replayed,
 * older, and invalid receipts beside valid ones), allowances given and withdrawn, debts paid, licensees running
 * their balance down until critical and topping it up again, and time passing, against the real Superfluid
 * protocol on the in-process chain. The sequences come from a seeded generator, so a failure names its seed and
 * step and replays exactly.
 *
 * Access is checked per account and per IP against a model kept here from what each step did: an account has
 * AI-training access to an IP exactly when it holds an unexpired license of that IP whose payment conditions hold
 * (a stream at no less than the minimum rate from an account that is not critical; no more metered units owed
 * for the IP, under any license, than the terms' bound).
 *
 * (Hardhat's Solidity invariant runner cannot host the Superfluid framework, which needs unlimited contract
 * size and linked libraries, and we do not mock Superfluid; so the fuzzed sequences run here.)
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  gdaV1ForwarderAbi,
  licenseTokenAbi,
  royaltyPoolsAbi,
  shareTokenAbi,
  superfluidPoolAbi,
  superTokenAbi,
  usageMeterAbi,
} from "@ipnft/protocol/abis";
import type { Address, Hex } from "viem";
import { getAddress, parseEther } from "viem";
import { deployedChain } from "../helpers/chain";
import {
  addresses,
  approveSuperToken,
  type Chain,
  eventArgs,
  fundSuperToken,
  hasAccess,
  Preset,
  register,
  registerTerms,
  superTokenBalance,
  terms,
  Use,
  type Wallet,
} from "../helpers/protocol";
import {
  buyShares,
  distributeFlow,
  enableShares,
  openSale,
  poolUnits,
  royaltyAddresses,
  SUPPLY,
  shareBalance,
  signUsage,
  transferShares,
} from "../helpers/royalties";

const MIN_RATE = 11_574_074_000_000n;
const STEPS = Number(process.env.INVARIANT_STEPS ?? 60);
// defaults chosen so that between them the sequences reach every state the checks are about (INVARIANT_VERBOSE=1
// prints what each reached): debts past the bound and owing accounts buying again, expired licenses, streams from
// critical accounts, transfers and burns
const SEEDS = (process.env.INVARIANT_SEEDS ?? "7,8,9").split(",").map(Number);

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
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
  };
}

interface Offer {
  termsId: bigint;
  label: string;
  price: bigint; // what a purchase costs: upfront fee plus the prepaid stream period
  duration: bigint;
  minRate: bigint;
  pricePerUnit: bigint;
  maxUnpaid: bigint;
}
interface License {
  id: bigint;
  ip: number;
  offer: Offer;
  owner: Address | null;
  expiry: bigint; // 0: never
}

async function runSequence(seed: number) {
  const chain: Chain = await deployedChain();
  const r = rng(seed);
  const [, artist, aiCompany, fanA, fanB, fanC] = chain.wallets;
  const fans = [fanA, fanB, fanC];
  const holders = [artist, ...fans];
  const licensees = [aiCompany, fanA, fanB];
  const bystander = fanC; // never buys nor receives a license
  const { licenses: licenseToken, superToken } = addresses(chain);
  const { meter } = royaltyAddresses(chain);
  const wait = async (hash: Hex) => chain.publicClient.waitForTransactionReceipt({ hash });
  /** Sends a transaction; false (and nothing changed) if it reverts. */
  const attempt = async (send: () => Promise<Hex>) => {
    try {
      const receipt = await wait(await send());
      return receipt.status === "success" ? receipt : null;
    } catch {
      return null;
    }
  };
  for (const w of [aiCompany, ...fans]) await fundSuperToken(chain, w, parseEther("100000"));
  for (const w of licensees) {
    await approveSuperToken(chain, w, licenseToken);
    await approveSuperToken(chain, w, meter);
  }

  // Offers: the streamed-and-metered preset, a transferable flat fee that expires (its fee not a whole multiple of
  // the pool's units: the remainder goes back to the buyer), transferable metered terms (odd unit price too).
  const flat = await registerTerms(
    chain,
    artist,
    terms(chain, {
      upfrontFee: parseEther("5") + 123n,
      duration: 6 * 3600,
      transferable: true,
      legalTextURI: "urn:inv:flat",
    }),
  );
  const metered = await registerTerms(
    chain,
    artist,
    terms(chain, {
      upfrontFee: 0n,
      duration: 0,
      transferable: true,
      pricePerUnit: parseEther("0.01") + 7n,
      maxUnpaidUnits: 3n,
      legalTextURI: "urn:inv:metered",
    }),
  );
  const offers: Offer[] = [
    {
      termsId: Preset.AiTrainingStreamed,
      label: "streamed",
      price: MIN_RATE * 7n * 24n * 3600n,
      duration: 0n,
      minRate: MIN_RATE,
      pricePerUnit: parseEther("0.01"),
      maxUnpaid: 100n,
    },
    {
      termsId: flat,
      label: "flat",
      price: parseEther("5") + 123n,
      duration: 6n * 3600n,
      minRate: 0n,
      pricePerUnit: 0n,
      maxUnpaid: 0n,
    },
    {
      termsId: metered,
      label: "metered",
      price: 0n,
      duration: 0n,
      minRate: 0n,
      pricePerUnit: parseEther("0.01") + 7n,
      maxUnpaid: 3n,
    },
  ];
  const ips: {
    ipId: bigint;
    shareToken: Address;
    pool: Address;
    paidIn: bigint;
    lastRate: bigint;
    lastTime: bigint;
  }[] = [];
  for (let i = 0; i < 2; i++) {
    const { ipId } = await register(chain, artist, { termsIds: offers.map((o) => o.termsId) });
    const { shareToken, pool } = await enableShares(chain, artist, ipId);
    ips.push({
      ipId,
      shareToken,
      pool,
      paidIn: 0n,
      lastRate: 0n,
      lastTime: (await chain.publicClient.getBlock()).timestamp,
    });
  }
  const [A] = ips;
  await openSale(chain, artist, A.shareToken, 600_000n, parseEther("0.0001"));

  // the model
  const owned: License[] = [];
  const usage = new Map<string, { reported: bigint; paid: bigint }>(); // `${licenseId}:${account}`
  const debt = new Map<string, bigint>(); // `${ip}:${account}`
  const heldBy = new Map<string, boolean>(); // `${licenseId}:${account}`: holds or held
  const meterAllowed = new Map<Address, boolean>(licensees.map((w) => [w.account.address, true]));
  const key = (a: unknown, b: unknown) => `${a}:${b}`;
  /** What the sequence reached (printed with INVARIANT_VERBOSE=1), to see that the checks meet the states they are about. */
  const reached = new Map<string, number>();
  const saw = (what: string) => reached.set(what, (reached.get(what) ?? 0) + 1);
  const now = async () => (await chain.publicClient.getBlock()).timestamp;

  /** Streams into each pool since the last look: rate x time at the pool's actual total rate. */
  const streamedSince = async () => {
    const t = await now();
    for (const ip of ips) {
      ip.paidIn += ip.lastRate * (t - ip.lastTime);
      ip.lastTime = t;
    }
  };
  const refreshRates = async () => {
    for (const ip of ips) {
      ip.lastRate = BigInt(
        await chain.publicClient.readContract({
          address: ip.pool,
          abi: superfluidPoolAbi,
          functionName: "getTotalFlowRate",
        }),
      );
    }
  };
  const received = async (pool: Address, shareToken: Address) => {
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
  const heldLicenses = (account: Address) => owned.filter((l) => l.owner === account);
  const sequenceStart = await chain.publicClient.getBlockNumber();
  /** What an IP's share token itself distributed into its pool (the pool's rounding remainders passed on when a
   * transfer distributes waiting income first), which holders receive beside what payers paid in. */
  const distributedByShareToken = async (shareToken: Address) => {
    const logs = await chain.publicClient.getContractEvents({
      address: shareToken,
      abi: shareTokenAbi,
      eventName: "IncomeDistributed",
      fromBlock: sequenceStart,
    });
    return logs.reduce((sum, log) => sum + (log.args.amount as bigint), 0n);
  };

  /** Each action with its weight: purchases, streams and usage come often, so that debts, suspensions and critical
   * accounts are reached within a sequence. */
  const actions: [string, () => Promise<void>, number][] = [
    [
      "transfer shares",
      async () => {
        const from = r.pick(holders);
        const balance = await shareBalance(chain, A.shareToken, from.account.address);
        if (balance === 0n) return;
        const to = r.pick(holders.filter((h) => h !== from));
        await transferShares(chain, from, A.shareToken, to.account.address, BigInt(1 + r.int(Number(balance))));
      },
      1,
    ],
    [
      "buy shares",
      async () => {
        const [available] = (await chain.publicClient.readContract({
          address: A.shareToken,
          abi: shareTokenAbi,
          functionName: "sale",
        })) as [bigint, bigint];
        const artistBalance = await shareBalance(chain, A.shareToken, artist.account.address);
        // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.min does not take
        const max = available < artistBalance ? available : artistBalance;
        if (max === 0n) return;
        // a licensee who spent its balance cannot pay: that is the share token's affair, not checked here
        await buyShares(
          chain,
          r.pick(fans),
          A.shareToken,
          BigInt(1 + r.int(Number(max > 50_000n ? 50_000n : max))),
        ).catch(() => undefined);
      },
      1,
    ],
    [
      "buy a license",
      async () => {
        const buyer = r.pick(licensees);
        const ip = r.int(ips.length);
        const offer = r.pick(offers);
        const before = await superTokenBalance(chain, buyer.account.address);
        const receipt = await attempt(() =>
          buyer.writeContract({
            address: licenseToken,
            abi: licenseTokenAbi,
            functionName: "buyLicense",
            args: [ips[ip].ipId, offer.termsId, offer.price],
          }),
        );
        if (!receipt) {
          assert.ok(
            heldLicenses(buyer.account.address).filter((l) => l.ip === ip).length === 8 || before < offer.price,
            `seed ${seed}: a purchase that could be paid was refused`,
          );
          return;
        }
        saw(`bought ${offer.label}`);
        const [ev] = eventArgs(receipt.logs, licenseTokenAbi, "LicensePurchased");
        assert.equal(ev.fee, offer.price, `seed ${seed}: the price is the fee plus the prepaid stream`);
        const distributed = offer.price - (offer.price % SUPPLY);
        ips[ip].paidIn += distributed;
        const block = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
        owned.push({
          id: ev.licenseId as bigint,
          ip,
          offer,
          owner: buyer.account.address,
          expiry: offer.duration === 0n ? 0n : block.timestamp + offer.duration,
        });
        heldBy.set(key(ev.licenseId, buyer.account.address), true);
        if (offer.minRate !== 0n) {
          // a licensee who buys a streamed license starts its stream (unless its balance cannot cover the buffer)
          await streamedSince();
          await attempt(() =>
            buyer.writeContract({
              address: royaltyAddresses(chain).forwarder,
              abi: gdaV1ForwarderAbi,
              functionName: "distributeFlow",
              args: [superToken, buyer.account.address, ips[ip].pool, MIN_RATE * BigInt(1 + r.int(3)), "0x"],
            }),
          );
        }
      },
      4,
    ],
    [
      "an account that owes for an IP buys another metered license of it (the suspended licensee's way back in)",
      async () => {
        const owing = [...debt].filter(([, units]) => units > 0n).map(([k]) => k.split(":"));
        if (owing.length === 0) return;
        const [ip, account] = r.pick(owing);
        const buyer = licensees.find((w) => w.account.address === account)!;
        const offer = offers.find((o) => o.label === "metered")!;
        const receipt = await attempt(() =>
          buyer.writeContract({
            address: licenseToken,
            abi: licenseTokenAbi,
            functionName: "buyLicense",
            args: [ips[Number(ip)].ipId, offer.termsId, offer.price],
          }),
        );
        if (!receipt) return; // its eight lanes are full
        saw("an owing account bought another license");
        const [ev] = eventArgs(receipt.logs, licenseTokenAbi, "LicensePurchased");
        owned.push({ id: ev.licenseId as bigint, ip: Number(ip), offer, owner: buyer.account.address, expiry: 0n });
        heldBy.set(key(ev.licenseId, buyer.account.address), true);
      },
      2,
    ],
    [
      "transfer a license",
      async () => {
        const from = r.pick(licensees);
        const mine = heldLicenses(from.account.address);
        if (mine.length === 0) return;
        const license = r.pick(mine);
        const to = r.pick(licensees.filter((w) => w !== from));
        const receipt = await attempt(() =>
          from.writeContract({
            address: licenseToken,
            abi: licenseTokenAbi,
            functionName: "transferFrom",
            args: [from.account.address, to.account.address, license.id],
          }),
        );
        const crowded = heldLicenses(to.account.address).filter((l) => l.ip === license.ip).length >= 4;
        assert.equal(
          !!receipt,
          license.offer.label !== "streamed" && !crowded,
          `seed ${seed}: transferable unless streamed (non-transferable) or the receiver has 4`,
        );
        saw(receipt ? "license transferred" : "license transfer refused");
        if (!receipt) return;
        license.owner = to.account.address;
        heldBy.set(key(license.id, to.account.address), true);
      },
      2,
    ],
    [
      "burn a license",
      async () => {
        const holder = r.pick(licensees);
        const mine = heldLicenses(holder.account.address);
        if (mine.length === 0) return;
        const license = r.pick(mine);
        await wait(
          await holder.writeContract({
            address: licenseToken,
            abi: licenseTokenAbi,
            functionName: "burn",
            args: [license.id],
          }),
        );
        license.owner = null;
        saw("license burned");
      },
      1,
    ],
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
          const u = usage.get(key(licenseId, signer.account.address)) ?? { reported: 0n, paid: 0n };
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
          const u = usage.get(k) ?? { reported: 0n, paid: 0n };
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
          const dk = key(license.ip, rc.licensee);
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
            debt.set(dk, (debt.get(dk) ?? 0n) - (u.reported - u.paid));
            usage.set(k, { reported: rc.cumulativeUnits, paid: rc.cumulativeUnits });
          } else {
            assert.equal(mine(failed).length, 1, `seed ${seed}: a valid receipt is paid or owed`);
            debt.set(dk, (debt.get(dk) ?? 0n) + (rc.cumulativeUnits - u.reported));
            usage.set(k, { reported: rc.cumulativeUnits, paid: u.paid });
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
        const k = key(license.id, who.account.address);
        const u = usage.get(k)!;
        const dk = key(license.ip, who.account.address);
        debt.set(dk, (debt.get(dk) ?? 0n) - (u.reported - u.paid));
        usage.set(k, { reported: u.reported, paid: u.reported });
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

  const totalWeight = actions.reduce((sum, [, , w]) => sum + w, 0);
  const pickAction = () => {
    let x = r.int(totalWeight);
    for (const a of actions) {
      x -= a[2];
      if (x < 0) return a;
    }
    return actions[0];
  };
  for (let step = 0; step < STEPS; step++) {
    const [name, act] = pickAction();
    await act();
    await streamedSince();
    await refreshRates();
    const where = `seed ${seed}, step ${step} (${name})`;
    const t = await now();

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
          if (o.minRate !== 0n && (flowing <= 0n || flowing < o.minRate - (o.minRate % SUPPLY) || critical))
            return false;
          if (o.pricePerUnit !== 0n && owes > o.maxUnpaid) return false;
          return true;
        };
        const expected = heldLicenses(account).some((l) => l.ip === ip && paidFor(l));
        const held = heldLicenses(account).filter((l) => l.ip === ip);
        if (expected) saw("access");
        if (critical) saw("critical account");
        if (held.some((l) => l.offer.minRate !== 0n) && flowing >= MIN_RATE && critical)
          saw("streaming while critical");
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
  if (process.env.INVARIANT_VERBOSE) console.log(`seed ${seed}:`, Object.fromEntries([...reached].sort()));
  for (const w of licensees) {
    for (const ip of ips) {
      if (
        (await chain.publicClient.readContract({
          address: royaltyAddresses(chain).pools,
          abi: royaltyPoolsAbi,
          functionName: "licenseeFlowRate",
          args: [ip.ipId, w.account.address],
        })) !== 0n
      ) {
        await distributeFlow(chain, w, ip.pool, 0n);
      }
    }
  }
  await chain.connection.close();
}

describe("invariants of shares, pools and payments under random sequences (real Superfluid)", () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: units mirror shares and equal the supply, holders never receive more than was paid in, access per account and IP is exactly what was paid for, nothing is stranded`, async () => {
      await runSequence(seed);
    });
  }
});
