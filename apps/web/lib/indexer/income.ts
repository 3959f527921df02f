import type { Flow, Payment, Source } from "./series";

/**
 * The indexer's income rows as chart inputs. `income.kind` says what paid ("licenseFee", "usage", "stream" for a
 * stream's finished period; "shareSale" is a creator selling shares, not earnings, and is left out); a
 * `holder_income` row is a holder's cut of an instant distribution (a fee or usage alike) or of a stream period.
 */
const incomeSource: Record<string, Source | undefined> = { licenseFee: "fees", usage: "usage", stream: "streams" };

export function incomePayments(rows: readonly { kind: string; amount: bigint; time: bigint }[]): Payment[] {
  return rows.flatMap((r) => {
    const source = incomeSource[r.kind];
    return source ? [{ source, amount: r.amount, time: Number(r.time) }] : [];
  });
}

export function holderPayments(rows: readonly { kind: string; amount: bigint; time: bigint }[]): Payment[] {
  return rows.map((r) => ({
    source: r.kind === "stream" ? "streams" : "payments",
    amount: r.amount,
    time: Number(r.time),
  }));
}

/** Streams still flowing, from the moment their last finished period was booked. */
export function runningFlows(rows: readonly { flowRate: bigint; updatedAt: bigint }[]): Flow[] {
  return rows.filter((r) => r.flowRate > 0n).map((r) => ({ start: Number(r.updatedAt), rate: r.flowRate }));
}
