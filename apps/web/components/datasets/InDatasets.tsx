import { PageLink } from "@/components/ui/PageLink";
import { datasetIncomeOf } from "@/lib/indexer/datasets";
import { MemberIncomeTable } from "./MemberIncomeTable";

/** The work page's "In datasets" section: each dataset the work is in, and the income it has from each, live. */
export async function InDatasets({
  ipId,
  kind,
  now,
  money,
}: {
  ipId: bigint;
  kind: string;
  now: number;
  money: { symbol: string; decimals: number };
}) {
  if (kind === "Dataset") {
    return (
      <p className="card">
        This is a dataset: <PageLink href={`/datasets/${ipId}`}>its members, their weights and who is paid</PageLink>.
      </p>
    );
  }
  const rows = await datasetIncomeOf([ipId], BigInt(now)).catch(() => undefined);
  if (!rows || rows.length === 0) return null;
  return (
    <section className="card" aria-labelledby="datasets-heading">
      <h2 id="datasets-heading">In datasets</h2>
      <p className="muted">Datasets that include this work pay it a share of everything they earn, by its weight.</p>
      <MemberIncomeTable
        rows={rows}
        now={BigInt(now)}
        readAt={Date.now()}
        money={money}
        link="dataset"
        testId="in-datasets"
      />
    </section>
  );
}
