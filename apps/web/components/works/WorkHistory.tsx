import { groupDigits } from "@ipnft/protocol/format";
import type { Money } from "@ipnft/protocol/terms";
import { type HistoryRow, historyWords } from "@/lib/indexer/history";
import { blockTimeWords } from "@/lib/time";

/** A work's provenance and transfer record from the indexer, oldest first (its latest rows when it is long). */
export function WorkHistory({ rows, total, money }: { rows: HistoryRow[]; total: number; money: Money }) {
  const lines = rows.flatMap((r) => {
    const words = historyWords(r, money);
    return words ? [{ r, ...words }] : [];
  });
  return (
    <>
      {total > rows.length ? (
        <p className="muted">
          The latest {groupDigits(rows.length)} of {groupDigits(total)} events.
        </p>
      ) : null}
      <ol className="history" data-testid="work-history">
        {lines.map(({ r, what, detail }) => (
          <li key={r.id}>
            <strong>{what}</strong> {blockTimeWords(Number(r.time))}, block {r.block.toString()}
            {detail ? `: ${detail}` : ""}
          </li>
        ))}
      </ol>
    </>
  );
}
