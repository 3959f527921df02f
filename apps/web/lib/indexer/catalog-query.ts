import * as schema from "@ipnft/indexer/schema";
import type { Use } from "@ipnft/protocol/terms";
import { and, asc, desc, eq, ilike, min, sql } from "ponder";
import { type CatalogQuery, containsPattern } from "./catalog-params";

/**
 * The catalog's search, filters and order as drizzle conditions on the indexer's `work` table (and its offers, to
 * sort by the price for one use). Pure (no request is
 * made here), so the tests compile them and read the SQL and parameters a page would send.
 */
const { work, offer } = schema;

/** A drizzle SQL fragment (ponder re-exports drizzle's builders, not its SQL class). */
export type SQL = ReturnType<typeof sql>;

const offersUse: Record<Use, (typeof work)["offersTraining" | "offersCommercial" | "offersDerivative"]> = {
  training: work.offersTraining,
  commercial: work.offersCommercial,
  derivative: work.offersDerivative,
};
const grantsUse: Record<Use, (typeof offer)["grantsTraining" | "grantsCommercial" | "grantsDerivative"]> = {
  training: offer.grantsTraining,
  commercial: offer.grantsCommercial,
  derivative: offer.grantsDerivative,
};

/** Which works match: the search in title, tags and creator's address; the kind; an open offer for the use. */
export function catalogWhere(query: Pick<CatalogQuery, "q" | "kind" | "use">): SQL | undefined {
  return and(
    query.q ? ilike(work.searchText, containsPattern(query.q.toLowerCase())) : undefined,
    query.kind ? eq(work.kind, query.kind) : undefined,
    query.use ? eq(offersUse[query.use], true) : undefined,
  );
}

/**
 * Which offers a work's price comes from when the catalog is filtered to a use: its open offers granting that use,
 * joined to the page's works and reduced with `min` (Ponder's SQL over HTTP refuses subqueries).
 */
export function offersForUse(use: Use): SQL | undefined {
  return and(eq(offer.ipId, work.id), eq(offer.salesOpen, true), eq(grantsUse[use], true));
}

/** The price a work sorts by: its cheapest open offer, or its cheapest open offer for the use filtered to. */
export function sortPrice(use: Use | undefined): SQL {
  return use ? sql`${min(offer.price)}` : sql`${work.minPrice}`;
}

/** Whether the page's query joins the offers (price order within a use). */
export const joinsOffers = (query: Pick<CatalogQuery, "sort" | "use">) => Boolean(query.use) && query.sort !== "newest";

/** The order of the catalog; works with nothing on sale come last in both price orders; equal prices in the order of registration. */
export function catalogOrder(query: Pick<CatalogQuery, "sort" | "use">): SQL[] {
  const newest = [desc(work.registeredAt), desc(work.id)];
  if (query.sort === "newest") return newest;
  const price = sortPrice(query.use);
  return [query.sort === "price-asc" ? sql`${price} asc nulls last` : sql`${price} desc nulls last`, asc(work.id)];
}
