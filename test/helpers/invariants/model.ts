/**
 * The model the invariant sequences keep of what each step did: licenses and who holds or held them, usage reported
 * and paid per license and licensee, debt per IP and account, who allows the meter, and what each pool was paid.
 */
import type { Address } from "viem";
import type { Wallet } from "../protocol";

export interface Offer {
  termsId: bigint;
  label: string;
  price: bigint; // what a purchase costs: upfront fee plus the prepaid stream period
  duration: bigint;
  minRate: bigint;
  pricePerUnit: bigint;
  maxUnpaid: bigint;
}
export interface License {
  id: bigint;
  ip: number;
  offer: Offer;
  owner: Address | null;
  expiry: bigint; // 0: never
}
/** An IP with its shares enabled, and what its pool was paid in so far. */
export interface Ip {
  ipId: bigint;
  shareToken: Address;
  pool: Address;
  paidIn: bigint;
  lastRate: bigint;
  lastTime: bigint;
}

export const key = (a: unknown, b: unknown) => `${a}:${b}`;

export function createModel(licensees: readonly Wallet[]) {
  const owned: License[] = [];
  const usage = new Map<string, { reported: bigint; paid: bigint }>(); // `${licenseId}:${account}`
  const debt = new Map<string, bigint>(); // `${ip}:${account}`
  const heldBy = new Map<string, boolean>(); // `${licenseId}:${account}`: holds or held
  const meterAllowed = new Map<Address, boolean>(licensees.map((w) => [w.account.address, true]));
  /** What the sequence reached (printed with INVARIANT_VERBOSE=1), to see that the checks meet the states they are about. */
  const reached = new Map<string, number>();
  const saw = (what: string) => reached.set(what, (reached.get(what) ?? 0) + 1);
  const heldLicenses = (account: Address) => owned.filter((l) => l.owner === account);
  const usageOf = (licenseId: bigint, account: Address) =>
    usage.get(key(licenseId, account)) ?? { reported: 0n, paid: 0n };

  return {
    owned,
    usage,
    debt,
    heldBy,
    meterAllowed,
    reached,
    saw,
    heldLicenses,
    usageOf,
    /** A license minted to (or bought by) `license.owner`. */
    acquired(license: License) {
      owned.push(license);
      heldBy.set(key(license.id, license.owner), true);
    },
    transferred(license: License, to: Address) {
      license.owner = to;
      heldBy.set(key(license.id, to), true);
    },
    /** A valid receipt settled: paid up to `cumulativeUnits`, or those past what was reported now owed. */
    usageSettled(license: License, licensee: Address, cumulativeUnits: bigint, paid: boolean) {
      const k = key(license.id, licensee);
      const u = usageOf(license.id, licensee);
      const dk = key(license.ip, licensee);
      if (paid) {
        debt.set(dk, (debt.get(dk) ?? 0n) - (u.reported - u.paid));
        usage.set(k, { reported: cumulativeUnits, paid: cumulativeUnits });
      } else {
        debt.set(dk, (debt.get(dk) ?? 0n) + (cumulativeUnits - u.reported));
        usage.set(k, { reported: cumulativeUnits, paid: u.paid });
      }
    },
    /** What `account` owed under `license` was paid. */
    outstandingPaid(license: License, account: Address) {
      const k = key(license.id, account);
      const u = usage.get(k)!;
      const dk = key(license.ip, account);
      debt.set(dk, (debt.get(dk) ?? 0n) - (u.reported - u.paid));
      usage.set(k, { reported: u.reported, paid: u.reported });
    },
  };
}

export type Model = ReturnType<typeof createModel>;
