import { shortAddress } from "@ipnft/protocol/format";
import { perMonth } from "@ipnft/protocol/terms-words";
import { PageLink } from "@/components/ui/PageLink";
import type { MemberIncome } from "@/lib/indexer/datasets";
import { LiveAmount } from "../LiveAmount";

/**
 * Members of a dataset (or the datasets a work is in) with their weight and the income each has from the dataset,
 * ticking live from one read: the amount at chain time `now` advanced at its flow rate.
 */
export function MemberIncomeTable({
  rows,
  now,
  readAt,
  money,
  link,
  testId,
}: {
  rows: MemberIncome[];
  now: bigint;
  readAt: number;
  money: { symbol: string; decimals: number };
  /** What each row names and links to: the member work, or the dataset. */
  link: "member" | "dataset";
  testId: string;
}) {
  return (
    <div className="table-scroll">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{link === "member" ? "Member work" : "Dataset"}</th>
            {link === "member" ? <th scope="col">Creator</th> : null}
            <th scope="col">Weight</th>
            <th scope="col">Income from the dataset</th>
            <th scope="col">Flowing now</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const id = link === "member" ? r.memberIpId : r.datasetId;
            const href = link === "member" ? `/works/${id}` : `/datasets/${id}`;
            return (
              <tr key={`${r.datasetId}-${r.memberIpId}`} data-testid={`${testId}-${id}`}>
                <td>
                  <PageLink href={href}>{r.title ?? `IP #${id}`}</PageLink>
                  {r.active ? null : <span className="muted"> (removed)</span>}
                </td>
                {link === "member" ? (
                  <td className="mono" title={r.creator ?? ""}>
                    {r.creator ? shortAddress(r.creator) : "—"}
                  </td>
                ) : null}
                <td>{r.weight.toString()}</td>
                <td>
                  <LiveAmount
                    amount={r.income}
                    flowRate={r.flowRate}
                    timestamp={now}
                    readAt={readAt}
                    decimals={money.decimals}
                    className="live-small"
                    testId={`${testId}-${id}-income`}
                  />{" "}
                  {money.symbol}
                </td>
                <td>{perMonth(r.flowRate, money)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
