import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The agent's spending limits, in the currency's smallest unit: per call, per UTC day and in total. Every payment is
 * reserved here before any transaction or signature leaves, and the reservation is written to disk first, so neither
 * a crash nor a restart nor two calls at once can spend past a limit; a payment that fails gives its reservation back.
 */
export interface SpendLimits {
  perCall: bigint;
  perDay: bigint;
  total: bigint;
}

interface Ledger {
  total: string;
  days: Record<string, string>;
}

export type Reservation =
  | { ok: true; commit(spent: bigint): Promise<void>; release(): Promise<void> }
  | { ok: false; reason: string };

export interface SpendLedger {
  /** Holds `amount` against every limit, or says which limit it would pass. */
  reserve(amount: bigint, what: string): Promise<Reservation>;
  spent(): Promise<{ today: bigint; total: bigint; limits: SpendLimits }>;
  readonly file: string;
}

const dayOf = (now: Date) => now.toISOString().slice(0, 10);

export async function openSpendLedger(
  file: string,
  limits: SpendLimits,
  now: () => Date = () => new Date(),
  /** How a refusal writes an amount, e.g. "100 tUSDCx"; the raw integer when not given. */
  words: (amount: bigint) => string = String,
): Promise<SpendLedger> {
  let ledger: Ledger = { total: "0", days: {} };
  try {
    ledger = JSON.parse(await readFile(file, "utf8")) as Ledger;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      // An unreadable ledger must not read as "nothing spent yet".
      throw new Error(`The spend ledger ${file} is unreadable (${(error as Error).message}); refusing to spend.`);
    }
  }
  // One change at a time, each written before the next is judged.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => {});
    return next;
  };

  async function add(day: string, amount: bigint) {
    ledger.total = (BigInt(ledger.total) + amount).toString();
    ledger.days[day] = (BigInt(ledger.days[day] ?? "0") + amount).toString();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(`${file}.tmp`, `${JSON.stringify(ledger, null, 2)}\n`);
    await rename(`${file}.tmp`, file);
  }

  return {
    file,
    reserve: (amount, what) =>
      serial(async (): Promise<Reservation> => {
        if (amount < 0n) return { ok: false, reason: `Refused: ${what} has a negative price.` };
        const day = dayOf(now());
        const today = BigInt(ledger.days[day] ?? "0");
        const total = BigInt(ledger.total);
        const over =
          amount > limits.perCall
            ? `the per-call limit of ${words(limits.perCall)}`
            : today + amount > limits.perDay
              ? `today's limit of ${words(limits.perDay)} (${words(today)} already spent today)`
              : total + amount > limits.total
                ? `the total limit of ${words(limits.total)} (${words(total)} already spent)`
                : undefined;
        if (over) {
          return { ok: false, reason: `Refused, nothing spent: ${what} costs ${words(amount)}, which passes ${over}.` };
        }
        await add(day, amount);
        let open = true;
        const settle = (spent: bigint) =>
          serial(async () => {
            if (!open) return;
            open = false;
            if (spent !== amount) await add(day, spent - amount);
          });
        return { ok: true, commit: settle, release: () => settle(0n) };
      }),
    spent: () =>
      serial(async () => ({
        today: BigInt(ledger.days[dayOf(now())] ?? "0"),
        total: BigInt(ledger.total),
        limits,
      })),
  };
}
