/**
 * Income (or spend) over time for the charts: one-off payments (license fees, settled metered usage) and streams
 * (a flow rate between two times) summed into at most `MAX_BUCKETS` equal periods. Amounts stay exact (bigint) for
 * the screen-reader table; the chart gets numbers in whole currency units. Pure, so it is tested without a chain.
 */
export const sources = ["fees", "usage", "payments", "streams"] as const;
export type Source = (typeof sources)[number];

export const sourceWords: Record<Source, string> = {
  fees: "License fees",
  usage: "Metered usage",
  /** A share holder's cut of fees and usage alike: the pool pays both the same way. */
  payments: "Fees and usage",
  streams: "Streams",
};

/** A payment at one moment (seconds since the epoch); a stream's finished period counts as paid when it ended. */
export interface Payment {
  time: number;
  amount: bigint;
  source: Source;
}

/** A stream at `rate` wei a second from `start` until `end` (undefined: still flowing). */
export interface Flow {
  start: number;
  end?: number;
  rate: bigint;
}

export interface Bucket extends Record<Source, bigint> {
  /** Start of the period, seconds since the epoch. */
  start: number;
}

export interface Series {
  /** Length of each period in seconds. */
  step: number;
  buckets: Bucket[];
  total: Record<Source, bigint>;
}

export const MAX_BUCKETS = 24;
const steps = [60, 300, 900, 3_600, 6 * 3_600, 86_400, 7 * 86_400, 30 * 86_400, 365 * 86_400];

/** The shortest period that fits the span from `from` to `to` into MAX_BUCKETS periods. */
export function stepFor(from: number, to: number): number {
  const span = Math.max(1, to - from);
  return steps.find((s) => Math.ceil(span / s) <= MAX_BUCKETS) ?? steps[steps.length - 1];
}

const zero = (): Record<Source, bigint> => ({ fees: 0n, usage: 0n, payments: 0n, streams: 0n });

/** Sums payments and streams into periods from the first of them until `now`; an empty series when there is none. */
export function incomeSeries(payments: readonly Payment[], flows: readonly Flow[], now: number): Series {
  const total = zero();
  const times = [...payments.map((p) => p.time), ...flows.map((f) => f.start)].filter((t) => t <= now);
  if (times.length === 0) return { step: 60, buckets: [], total };
  const step = stepFor(Math.min(...times), now);
  const origin = Math.floor(Math.min(...times) / step) * step;
  const count = Math.floor((now - origin) / step) + 1;
  const buckets: Bucket[] = Array.from({ length: count }, (_, i) => ({ start: origin + i * step, ...zero() }));
  for (const p of payments) {
    if (p.time > now) continue;
    buckets[Math.floor((p.time - origin) / step)][p.source] += p.amount;
    total[p.source] += p.amount;
  }
  for (const f of flows) {
    const end = Math.min(f.end ?? now, now);
    if (end <= f.start || f.rate <= 0n) continue;
    for (let i = Math.floor((f.start - origin) / step); i < count && buckets[i].start < end; i++) {
      const from = Math.max(f.start, buckets[i].start);
      const to = Math.min(end, buckets[i].start + step);
      const amount = f.rate * BigInt(to - from);
      buckets[i].streams += amount;
      total.streams += amount;
    }
  }
  return { step, buckets, total };
}

/** A period's start for people, in UTC as the rest of the app prints times; the date alone for periods of a day or more. */
export function bucketLabel(start: number, step: number): string {
  const iso = new Date(start * 1000).toISOString();
  return step >= 86_400 ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/** An exact amount in whole units as a number for drawing (a chart needs no more than a double's precision). */
export function toUnits(amount: bigint, decimals: number): number {
  return Number(amount) / 10 ** decimals;
}
