import { shortAddress } from "@ipnft/protocol/format";
import { perMonth } from "@ipnft/protocol/terms-words";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MemberIncomeTable } from "@/components/datasets/MemberIncomeTable";
import { IndexerNotice } from "@/components/IndexerNotice";
import { LiveAmount } from "@/components/LiveAmount";
import { PageLink } from "@/components/ui/PageLink";
import { loadDeployment } from "@/lib/deployment.server";
import { readIndexerState } from "@/lib/indexer/client";
import { DATASET_LIMIT, datasetWithMembers } from "@/lib/indexer/datasets";
import { chainClient } from "@/lib/works.server";

type Params = { id: string };

const parseId = (text: string) => (/^[1-9][0-9]{0,18}$/.test(text) ? BigInt(text) : undefined);

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Dataset #${id} · IP-NFT Royalties` };
}

/**
 * A dataset: its curator and the share it keeps, its members with their weights, and the money flowing through its
 * pool to every contributor, each member's income ticking live. Read from the indexer; licenses are bought on the
 * dataset's work page, as for any IP.
 */
export default async function DatasetPage({ params }: { params: Promise<Params> }) {
  const { id } = await params;
  const datasetId = parseId(id);
  if (datasetId === undefined) notFound();
  const lookup = await loadDeployment();
  if (!("deployment" in lookup)) return null;
  const { deployment } = lookup;
  const head = await chainClient(deployment)
    .getBlock()
    .catch(() => undefined);
  const now = head?.timestamp ?? BigInt(Math.floor(Date.now() / 1000));
  const readAt = Date.now();
  const [state, found] = await Promise.all([
    readIndexerState(deployment),
    datasetWithMembers(datasetId, now).catch(() => null),
  ]);
  if (found === undefined) notFound();
  const money = { symbol: deployment.currency.superTokenSymbol, decimals: deployment.currency.decimals };
  if (found === null) {
    return (
      <>
        <h1>Dataset #{id}</h1>
        <IndexerNotice state={state} />
        <p className="muted">The dataset can’t be shown while the indexer is unreachable.</p>
      </>
    );
  }
  const { dataset: d, members } = found;
  return (
    <article>
      <p className="muted">Dataset · IP #{d.id.toString()}</p>
      <h1>{d.title ?? `Dataset #${d.id}`}</h1>
      <IndexerNotice state={state} />
      <section className="card" aria-labelledby="dataset-heading">
        <h2 id="dataset-heading">Who is paid</h2>
        <dl className="stats" data-testid="dataset-summary">
          <div>
            <dt>Curator</dt>
            <dd className="mono" title={d.curator}>
              {shortAddress(d.curator)}
            </dd>
          </div>
          <div>
            <dt>Curator keeps</dt>
            <dd data-testid="curator-share">{d.curatorBps / 100}%</dd>
          </div>
          <div>
            <dt>Members</dt>
            <dd data-testid="member-count">{d.memberCount}</dd>
          </div>
          <div>
            <dt>Flowing into the dataset</dt>
            <dd data-testid="dataset-flow" data-flow-rate={d.poolFlowRate.toString()}>
              {perMonth(d.poolFlowRate, money)}
            </dd>
          </div>
          <div>
            <dt>Paid in so far</dt>
            <dd>
              <LiveAmount
                amount={d.totalIncome}
                flowRate={d.poolFlowRate}
                timestamp={now}
                readAt={readAt}
                decimals={money.decimals}
                className="live-small"
                testId="dataset-income"
              />{" "}
              {money.symbol}
            </dd>
          </div>
        </dl>
        <p>
          Every payment for this dataset (license fees, streams, metered usage) is split through one Superfluid pool:
          the curator keeps {d.curatorBps / 100}%, the members share the rest by weight (total weight{" "}
          {d.totalWeight.toString()}). <PageLink href={`/works/${d.id}`}>License this dataset</PageLink>.
        </p>
      </section>
      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        {members.length === 0 ? <p className="muted">The curator has added no work yet.</p> : null}
        {members.length >= DATASET_LIMIT ? (
          <p className="muted">The first {DATASET_LIMIT} members by weight are shown.</p>
        ) : null}
        <MemberIncomeTable rows={members} now={now} readAt={readAt} money={money} link="member" testId="members" />
      </section>
    </article>
  );
}
