import { shortAddress } from "@ipnft/protocol/format";
import { perMonth } from "@ipnft/protocol/terms-words";
import type { Metadata } from "next";
import { IndexerNotice } from "@/components/IndexerNotice";
import { PageLink } from "@/components/ui/PageLink";
import { loadDeployment } from "@/lib/deployment.server";
import { readIndexerState } from "@/lib/indexer/client";
import { datasetList } from "@/lib/indexer/datasets";
import { chainClient } from "@/lib/works.server";

export const metadata: Metadata = { title: "Datasets · IP-NFT Royalties" };

/** Every dataset: who curates it, how many works it pays, and what flows into it now. */
export default async function DatasetsPage() {
  const lookup = await loadDeployment();
  if (!("deployment" in lookup)) return null;
  const { deployment } = lookup;
  const head = await chainClient(deployment)
    .getBlock()
    .catch(() => undefined);
  const now = head?.timestamp ?? BigInt(Math.floor(Date.now() / 1000));
  const [state, rows] = await Promise.all([readIndexerState(deployment), datasetList(now).catch(() => undefined)]);
  const money = { symbol: deployment.currency.superTokenSymbol, decimals: deployment.currency.decimals };
  return (
    <>
      <h1>Datasets</h1>
      <p className="muted">
        Datasets license many works at once, and every payment for one reaches each of its contributors.
      </p>
      <IndexerNotice state={state} />
      {rows?.length === 0 ? <p>No dataset is open yet.</p> : null}
      <ul className="offers" data-testid="datasets">
        {(rows ?? []).map((d) => (
          <li key={d.id.toString()} className="offer" data-testid={`dataset-${d.id}`}>
            <h2>
              <PageLink href={`/datasets/${d.id}`}>{d.title ?? `Dataset #${d.id}`}</PageLink>
            </h2>
            <p>
              {d.memberCount} member{d.memberCount === 1 ? "" : "s"} · curated by{" "}
              <span className="mono">{shortAddress(d.curator)}</span>, who keeps {d.curatorBps / 100}% ·{" "}
              {perMonth(d.poolFlowRate, money)} flowing in
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
