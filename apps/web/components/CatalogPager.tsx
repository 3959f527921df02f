import { groupDigits } from "@ipnft/protocol/format";
import { PageLink } from "@/components/ui/PageLink";
import { type CatalogQuery, catalogHref } from "@/lib/indexer/catalog-params";

/** Links to the previous and next catalog pages, keeping search, filters and order; plain links, no script needed. */
export function CatalogPager({ query, pages }: { query: CatalogQuery; pages: number }) {
  if (pages <= 1 || query.page > pages) return null;
  return (
    <nav className="pager" aria-label="Catalog pages">
      {query.page > 1 ? (
        <PageLink href={catalogHref(query, { page: query.page - 1 })} rel="prev">
          ← Previous page
        </PageLink>
      ) : (
        <span />
      )}
      <span data-testid="page-of">
        Page {query.page} of {groupDigits(pages)}
      </span>
      {query.page < pages ? (
        <PageLink href={catalogHref(query, { page: query.page + 1 })} rel="next">
          Next page →
        </PageLink>
      ) : (
        <span />
      )}
    </nav>
  );
}
