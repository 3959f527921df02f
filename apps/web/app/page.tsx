import { groupDigits } from "@ipnft/protocol/format";
import { uses, useWords } from "@ipnft/protocol/terms";
import { kinds } from "@ipnft/protocol/work-metadata";
import type { Metadata } from "next";
import { CatalogPager } from "@/components/CatalogPager";
import { IndexerNotice } from "@/components/IndexerNotice";
import { PageLink } from "@/components/ui/PageLink";
import { WorkCard } from "@/components/WorkCard";
import { loadDeployment } from "@/lib/deployment.server";
import { type CatalogCard, catalogPage } from "@/lib/indexer/catalog";
import { catalogHref, pageWindow, parseCatalogParams, type SearchParams, sorts } from "@/lib/indexer/catalog-params";
import { readIndexerState } from "@/lib/indexer/client";

export const metadata: Metadata = { title: "Catalog · IP-NFT Royalties" };

/**
 * The catalog: registered works, styles and datasets from the indexer, searched, filtered, sorted and paged on the
 * server (24 a page, `/?q=&kind=&use=&sort=&page=`), so every state is a link and the form works without JavaScript.
 * No chain read per work: the page costs three indexer queries and one block-number read, whatever the registry's size.
 */
export default async function CatalogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const query = parseCatalogParams(await searchParams);
  const lookup = await loadDeployment();
  if (!("deployment" in lookup)) return null;
  const { deployment } = lookup;
  const currency = { symbol: deployment.currency.superTokenSymbol, decimals: deployment.currency.decimals };
  const [state, found] = await Promise.all([readIndexerState(deployment), catalogPage(query).catch(() => undefined)]);
  const total = found?.total ?? 0;
  const window = pageWindow(query.page, total);
  const filtered = Boolean(query.q || query.kind || query.use);

  return (
    <>
      <section className="hero">
        <h1>Own the right to use your work.</h1>
        <p>
          Works, styles and datasets registered as IP-NFTs, with license terms written on chain, AI training included.
          Licenses are paid in {currency.symbol}, and every fee and stream flows, second by second, to the people who
          hold a work’s shares.
        </p>
        <p>
          <PageLink href="/mint" className="button-link">
            Register a work
          </PageLink>{" "}
          <PageLink href="/verify">Check whether a file has a certificate</PageLink>
        </p>
      </section>

      {/* biome-ignore lint/a11y/useSemanticElements: the <search> element is not yet announced by every screen reader; role="search" is */}
      <form className="filters card" method="get" action="/" role="search" aria-label="Filter the catalog">
        <label>
          Search
          <input type="search" name="q" defaultValue={query.q} placeholder="Title, creator, tag…" maxLength={100} />
        </label>
        <label>
          Kind
          <select name="kind" defaultValue={query.kind?.toLowerCase() ?? ""}>
            <option value="">All kinds</option>
            {kinds.map((k) => (
              <option key={k} value={k.toLowerCase()}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          Licensable for
          <select name="use" defaultValue={query.use ?? ""}>
            <option value="">Any use</option>
            {uses.map((u) => (
              <option key={u} value={u}>
                {useWords[u]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort
          <select name="sort" defaultValue={query.sort}>
            {Object.entries(sorts).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show works</button>
      </form>

      <IndexerNotice state={state} />
      {found ? (
        <>
          <h2 id="catalog-heading" data-testid="catalog-count">
            {headline(total, window, query.use ? useWords[query.use].toLowerCase() : undefined)}
          </h2>
          <Results cards={found.cards} total={total} filtered={filtered} currency={currency} />
          {window.pastEnd && total > 0 ? (
            <p data-testid="past-the-end">
              Page {groupDigits(query.page)} is past the end: there {window.pages === 1 ? "is" : "are"}{" "}
              {groupDigits(window.pages)} {window.pages === 1 ? "page" : "pages"} of works here.{" "}
              <PageLink href={catalogHref(query, { page: window.pages })}>Go to the last page</PageLink> or{" "}
              <PageLink href={catalogHref(query, { page: 1 })}>the first</PageLink>.
            </p>
          ) : null}
          <CatalogPager query={query} pages={window.pages} />
        </>
      ) : (
        <p role="alert" className="problem">
          The catalog can’t be listed right now because the indexer did not answer. A work’s own page still shows its
          certificate and terms from the chain.
        </p>
      )}
    </>
  );
}

function headline(total: number, window: ReturnType<typeof pageWindow>, use?: string): string {
  const licensable = use ? ` licensable for ${use}` : "";
  if (total === 0 || window.pastEnd) return `${groupDigits(total)} ${total === 1 ? "work" : "works"}${licensable}`;
  return `Works ${groupDigits(window.first)}–${groupDigits(window.last)} of ${groupDigits(total)}${licensable}`;
}

function Results(props: {
  cards: CatalogCard[];
  total: number;
  filtered: boolean;
  currency: { symbol: string; decimals: number };
}) {
  if (props.cards.length) {
    return (
      <ul className="work-grid" aria-labelledby="catalog-heading">
        {props.cards.map((w, i) => (
          <WorkCard key={w.ipId.toString()} work={w} currency={props.currency} priority={i < 4} />
        ))}
      </ul>
    );
  }
  if (props.total > 0) return null;
  return (
    <p className="muted">
      {props.filtered ? "Nothing matches these filters." : "Nothing is registered yet. Be the first: register a work."}
    </p>
  );
}
