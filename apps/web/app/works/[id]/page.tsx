import { shortAddress } from "@ipnft/protocol/format";
import { licensePrice } from "@ipnft/protocol/terms";
import { termsHeadline } from "@ipnft/protocol/terms-words";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { IncomeFigure } from "@/components/charts/IncomeFigure";
import { InDatasets } from "@/components/datasets/InDatasets";
import { DisputeBanner } from "@/components/disputes/DisputeBanner";
import { IndexerNotice } from "@/components/IndexerNotice";
import { TermsList } from "@/components/TermsList";
import { LicenseDocument } from "@/components/terms/LicenseDocument";
import { PageLink } from "@/components/ui/PageLink";
import { BuyLicensePreview } from "@/components/works/BuyLicensePreview";
import { ContentCredentials } from "@/components/works/ContentCredentials";
import { RoyaltySection } from "@/components/works/RoyaltySection";
import { WorkHistory } from "@/components/works/WorkHistory";
import { BuyLicenseIsland, StreamControlIsland } from "@/components/works/WorkIslands";
import { loadDeployment } from "@/lib/deployment.server";
import { readWorkCredentials } from "@/lib/gateway/credentials.server";
import { readIndexerState } from "@/lib/indexer/client";
import { incomeSeries } from "@/lib/indexer/series";
import { workHistory, workIncome } from "@/lib/indexer/work";
import { blockTimeWords } from "@/lib/time";
import { createWorkReads, workTitle } from "@/lib/works.server";

type Params = { id: string };

const parseId = (text: string) => (/^[1-9][0-9]{0,18}$/.test(text) ? BigInt(text) : undefined);

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `IP #${id} · IP-NFT Royalties` };
}

function Address({ value }: { value: string }) {
  return (
    <span className="mono" title={value}>
      {shortAddress(value)}
    </span>
  );
}

/**
 * A work's page: its birth certificate, terms in plain words and what one can buy, read from the chain; its history
 * and earnings over time from the indexer. When the indexer is behind or down the page says so and still renders
 * everything the chain gives. Access (downloads, streams) is decided on chain, never here.
 */
export default async function WorkPage({ params }: { params: Promise<Params> }) {
  const { id } = await params;
  const ipId = parseId(id);
  if (ipId === undefined) notFound();
  const lookup = await loadDeployment();
  if (!("deployment" in lookup)) return null;
  const { deployment } = lookup;
  const reads = createWorkReads(deployment);
  const [work, state, history, income, head, credentials] = await Promise.all([
    reads.work(ipId),
    readIndexerState(deployment),
    workHistory(ipId).catch(() => undefined),
    workIncome(ipId).catch(() => undefined),
    reads.client.getBlock().catch(() => undefined),
    readWorkCredentials(ipId),
  ]);
  if (!work) notFound();
  const now = head ? Number(head.timestamp) : Math.floor(Date.now() / 1000);
  const title = workTitle(work);
  const currency = { symbol: deployment.currency.superTokenSymbol, decimals: deployment.currency.decimals };
  const api = `/api/works/${work.ipId}`;

  return (
    <article className="work-page">
      <header className="work-header">
        {work.previewCid ? (
          // biome-ignore lint/performance/noImgElement: the gateway's public preview, already small and content-addressed
          <img
            src={`/api/previews/${work.previewCid}`}
            alt={`Preview of “${title}”`}
            width={320}
            height={320}
            fetchPriority="high"
          />
        ) : null}
        <div>
          <p className="muted">
            {work.kind} · IP #{work.ipId.toString()}
          </p>
          <h1>{title}</h1>
          {work.metadata?.description ? <p>{work.metadata.description}</p> : null}
          {work.metadata?.tags.length ? (
            <p className="tags">
              {work.metadata.tags.map((t) => (
                <span key={t} className="badge">
                  {t}
                </span>
              ))}
            </p>
          ) : null}
        </div>
      </header>
      <DisputeBanner deployment={deployment} ipId={work.ipId} owner={work.owner} dispute={work.dispute} />

      <section className="card" aria-labelledby="certificate-heading">
        <h2 id="certificate-heading">Birth certificate</h2>
        <dl className="certificate" data-testid="certificate">
          <div>
            <dt>Registered by</dt>
            <dd>
              <Address value={work.creator} />
            </dd>
          </div>
          <div>
            <dt>Registered at</dt>
            <dd>{blockTimeWords(work.birthTime)}</dd>
          </div>
          <div>
            <dt>Owner now</dt>
            <dd>
              <Address value={work.owner} />
            </dd>
          </div>
          <div>
            <dt>SHA-256</dt>
            <dd className="mono wrap" data-testid="certificate-sha256">
              {work.contentHash}
            </dd>
          </div>
          <div>
            <dt>IPFS CID</dt>
            <dd className="mono wrap" data-testid="certificate-cid">
              {work.cid}
            </dd>
          </div>
          <div>
            <dt>Metadata CID</dt>
            <dd className="mono wrap">{work.metadataCid}</dd>
          </div>
          {/^0x0+$/.test(work.c2paManifestHash) ? null : (
            <div>
              <dt>C2PA manifest</dt>
              <dd className="mono wrap">{work.c2paManifestHash}</dd>
            </div>
          )}
          <div>
            <dt>Resale royalty (ERC-2981)</dt>
            <dd>{work.royaltyBps / 100}%</dd>
          </div>
          {work.parents.length ? (
            <div>
              <dt>Derived from</dt>
              <dd>
                {work.parents.map((p) => (
                  <span key={p.ipId.toString()}>
                    <PageLink href={`/works/${p.ipId}`}>IP #{p.ipId.toString()}</PageLink> (license #
                    {p.licenseId.toString()}, owes {p.royaltyBps / 100}% of its income){" "}
                  </span>
                ))}
              </dd>
            </div>
          ) : null}
        </dl>
      </section>
      <ContentCredentials read={credentials} />

      <section className="card" aria-labelledby="terms-heading">
        <h2 id="terms-heading">Licenses on offer</h2>
        {work.offers.length === 0 ? <p className="muted">The owner offers no license yet.</p> : null}
        <ul className="offers">
          {work.offers.map((o) => (
            <li key={o.termsId.toString()} className="offer" data-testid={`offer-${o.termsId}`}>
              <h3>
                Terms #{o.termsId.toString()}: {termsHeadline(o.terms)}
              </h3>
              <TermsList terms={o.terms} currency={currency} />
              <p className="muted">
                {o.sold} sold{o.terms.maxLicenses ? ` of ${o.terms.maxLicenses}` : ""}. Legal text:{" "}
                <span className="mono">{o.terms.legalTextURI}</span>
              </p>
              <LicenseDocument uri={o.terms.legalTextURI} />
              {o.salesOpen ? (
                <BuyLicenseIsland
                  ipId={work.ipId}
                  termsId={o.termsId}
                  fee={licensePrice(o.terms)}
                  name={termsHeadline(o.terms)}
                >
                  <BuyLicensePreview fee={licensePrice(o.terms)} name={termsHeadline(o.terms)} money={currency} />
                </BuyLicenseIsland>
              ) : (
                <p className="muted">The owner has stopped selling licenses under these terms.</p>
              )}
              {o.terms.minStreamRate > 0n ? (
                <StreamControlIsland ipId={work.ipId} minRate={o.terms.minStreamRate} />
              ) : null}
            </li>
          ))}
        </ul>
        <p>
          Machine-readable: <a href={`${api}/license.rsl`}>RSL license (XML)</a> ·{" "}
          <a href={`${api}/tdm-policy.json`}>TDMRep policy (JSON)</a> · <a href={`${api}/terms`}>terms (JSON)</a> ·{" "}
          <a href="/.well-known/tdmrep.json">site TDMRep</a>
        </p>
      </section>

      <section className="card" aria-labelledby="royalties-heading">
        <h2 id="royalties-heading">Revenue shares and royalties</h2>
        <RoyaltySection deployment={deployment} ipId={work.ipId} owner={work.owner} parents={work.parents} />
      </section>

      <InDatasets ipId={work.ipId} kind={work.kind} now={now} money={currency} />
      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">Provenance, sales and earnings</h2>
        <IndexerNotice state={state} />
        {income ? (
          <IncomeFigure
            title="What this work earned"
            series={incomeSeries(income.payments, income.flows, now)}
            money={currency}
            shown={["fees", "usage", "streams"]}
            empty="no license sold or stream paid yet."
            testId="work-income"
          />
        ) : null}
        {history ? (
          <WorkHistory rows={history.rows} total={history.total} money={currency} />
        ) : (
          <p className="muted">
            The history can’t be shown while the indexer is unreachable. The certificate above is read from the chain.
          </p>
        )}
      </section>
    </article>
  );
}
