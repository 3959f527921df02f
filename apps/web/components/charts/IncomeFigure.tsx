import type { Money } from "@ipnft/protocol/terms";
import { money as moneyWords } from "@ipnft/protocol/terms-words";
import { bucketLabel, type Series, type Source, sourceWords, toUnits } from "@/lib/indexer/series";
import { IncomeChart } from "./IncomeChart";

/**
 * Income or spend over time: a caption with the totals, the bars (drawn in the browser) and, for screen readers,
 * a table with every period's exact figures. Renders on the server or inside a client component alike.
 */
export function IncomeFigure({
  title,
  series,
  money,
  shown,
  empty,
  testId,
}: {
  title: string;
  series: Series;
  money: Money;
  /** The sources this figure is about, in the order they stack. */
  shown: Source[];
  /** What to say before there is anything to draw. */
  empty: string;
  testId?: string;
}) {
  const total = shown.reduce((s, k) => s + series.total[k], 0n);
  const parts = shown
    .filter((k) => series.total[k] > 0n)
    .map((k) => `${sourceWords[k].toLowerCase()} ${moneyWords(series.total[k], money)}`);
  const rows = series.buckets.map((b) => ({
    label: bucketLabel(b.start, series.step),
    ...Object.fromEntries(shown.map((k) => [k, toUnits(b[k], money.decimals)])),
  }));
  return (
    <figure className="income-figure" data-testid={testId}>
      <figcaption>
        <strong>{title}</strong>
        {series.buckets.length ? (
          <>
            : {moneyWords(total, money)} in all{parts.length > 1 ? ` (${parts.join(", ")})` : ""}, per{" "}
            {periodWords(series.step)}.
          </>
        ) : (
          <span className="muted"> — {empty}</span>
        )}
      </figcaption>
      {series.buckets.length ? (
        <>
          <IncomeChart rows={rows} shown={shown} symbol={money.symbol} />
          <table className="visually-hidden" data-testid={testId && `${testId}-table`}>
            <caption>
              {title}, per {periodWords(series.step)} (UTC)
            </caption>
            <thead>
              <tr>
                <th scope="col">Period from</th>
                {shown.map((k) => (
                  <th key={k} scope="col">
                    {sourceWords[k]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {series.buckets.map((b) => (
                <tr key={b.start}>
                  <th scope="row">{bucketLabel(b.start, series.step)}</th>
                  {shown.map((k) => (
                    <td key={k}>{moneyWords(b[k], money)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </figure>
  );
}

function periodWords(step: number): string {
  const words: Record<number, string> = {
    60: "minute",
    300: "5 minutes",
    900: "15 minutes",
    3600: "hour",
    21600: "6 hours",
    86400: "day",
    604800: "week",
    2592000: "30 days",
  };
  return words[step] ?? "year";
}
