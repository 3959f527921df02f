import { licensePrice, type Use, uses, useWords } from "@ipnft/protocol/terms";
import { kinds } from "@ipnft/protocol/work-metadata";
import type { Metadata } from "next";
import Link from "next/link";
import { WorkCard } from "@/components/WorkCard";
import { loadDeployment } from "@/lib/deployment.server";
import { cheapestOffer, createWorkReads, type WorkView, workTitle } from "@/lib/works.server";

export const metadata: Metadata = { title: "Catalog · IP-NFT Royalties" };

type Search = { q?: string; kind?: string; use?: string; sort?: string };
const sorts = {
  newest: "Newest first",
  "price-asc": "Price, lowest first",
  "price-desc": "Price, highest first",
} as const;
type Sort = keyof typeof sorts;

function priceFor(w: WorkView, use?: Use): bigint | undefined {
  const offer = cheapestOffer(w, use);
  return offer && licensePrice(offer.terms);
}

/** The catalog: every registered work, style and dataset, read from the chain, filtered and sorted on the server. */
export default async function CatalogPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const lookup = await loadDeployment();
  if (!("deployment" in lookup)) return null;
  const { deployment } = lookup;
  const reads = createWorkReads(deployment);
  const q = (params.q ?? "").trim().toLowerCase();
  const kind = kinds.find((k) => k.toLowerCase() === params.kind);
  const use = uses.find((u) => u === params.use);
  const sort: Sort = params.sort && params.sort in sorts ? (params.sort as Sort) : "newest";

  let problem: string | null = null;
  let works: WorkView[] = [];
  try {
    works = await reads.all();
  } catch {
    problem = "The chain is not answering, so the catalog cannot be read. Is the local node (`npm run dev`) running?";
  }
  const shown = works
    .filter((w) => !kind || w.kind === kind)
    .filter((w) => !use || cheapestOffer(w, use))
    .filter((w) => {
      if (!q) return true;
      const text = [workTitle(w), w.metadata?.description, w.metadata?.tags.join(" "), w.creator, w.cid]
        .join(" ")
        .toLowerCase();
      return text.includes(q);
    })
    .sort((a, b) => {
      if (sort === "newest") return b.birthTime - a.birthTime || Number(b.ipId - a.ipId);
      const pa = priceFor(a, use);
      const pb = priceFor(b, use);
      if (pa === undefined || pb === undefined) return pa === undefined ? 1 : -1;
      const order = pa < pb ? -1 : pa > pb ? 1 : Number(a.ipId - b.ipId);
      return sort === "price-asc" ? order : -order;
    });
  const currency = { symbol: deployment.currency.superTokenSymbol, decimals: deployment.currency.decimals };

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
          <Link href="/mint" className="button-link">
            Register a work
          </Link>{" "}
          <Link href="/verify">Check whether a file has a certificate</Link>
        </p>
      </section>

      {/* biome-ignore lint/a11y/useSemanticElements: the <search> element is not yet announced by every screen reader; role="search" is */}
      <form className="filters card" method="get" action="/" role="search" aria-label="Filter the catalog">
        <label>
          Search
          <input type="search" name="q" defaultValue={params.q ?? ""} placeholder="Title, creator, tag…" />
        </label>
        <label>
          Kind
          <select name="kind" defaultValue={kind?.toLowerCase() ?? ""}>
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
          <select name="use" defaultValue={use ?? ""}>
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
          <select name="sort" defaultValue={sort}>
            {Object.entries(sorts).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show works</button>
      </form>

      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
      <h2 id="catalog-heading">
        {shown.length} of {works.length} {works.length === 1 ? "work" : "works"}
        {use ? ` licensable for ${useWords[use].toLowerCase()}` : ""}
      </h2>
      {shown.length ? (
        <ul className="work-grid" aria-labelledby="catalog-heading">
          {shown.map((w, i) => (
            <WorkCard key={w.ipId.toString()} work={w} currency={currency} priority={i < 4} use={use} />
          ))}
        </ul>
      ) : (
        <p className="muted">
          {works.length
            ? "Nothing matches these filters."
            : "Nothing is registered yet. Be the first: register a work."}
        </p>
      )}
    </>
  );
}
