import "server-only";
import type { Offer } from "@ipnft/protocol/terms";
import type { Kind } from "@ipnft/protocol/work-metadata";
import { cheapestOffer } from "@ipnft/protocol/works";
import { count, eq, inArray } from "ponder";
import type { Address } from "viem";
import { type CatalogQuery, PAGE_SIZE } from "./catalog-params";
import { catalogOrder, catalogWhere, joinsOffers, offersForUse } from "./catalog-query";
import { db, schema } from "./client";
import { termsColumns, termsFromRow } from "./terms-row";

const { work, offer, terms } = schema;

/** What a catalog card shows of a work, all from the indexer. */
export interface CatalogCard {
  ipId: bigint;
  kind: Kind;
  title: string | null;
  creator: Address;
  previewCid: string | null;
  trainable: boolean;
  derivative: boolean;
  /** The cheapest open offer (granting the catalog's use, when filtered), or undefined. */
  cheapest?: Offer;
}

/**
 * One catalog page: how many works match and the page's 24, with their cheapest offer. Three indexer queries
 * (the count and the page together, then the page's offers), whatever the size of the registry.
 */
export async function catalogPage(query: CatalogQuery): Promise<{ total: number; cards: CatalogCard[] }> {
  const where = catalogWhere(query);
  const page = db
    .select({
      ipId: work.id,
      kind: work.kind,
      title: work.title,
      creator: work.creator,
      previewCid: work.previewCid,
      trainable: work.offersTraining,
      derivative: work.isDerivative,
    })
    .from(work)
    .$dynamic();
  const ordered = (
    query.use && joinsOffers(query) ? page.leftJoin(offer, offersForUse(query.use)).groupBy(work.id) : page
  )
    .where(where)
    .orderBy(...catalogOrder(query))
    .limit(PAGE_SIZE)
    .offset((query.page - 1) * PAGE_SIZE);
  const [[{ total }], rows] = await Promise.all([db.select({ total: count() }).from(work).where(where), ordered]);
  const ids = rows.map((r) => r.ipId);
  const offers = ids.length
    ? await db
        .select({
          ipId: offer.ipId,
          termsId: offer.termsId,
          salesOpen: offer.salesOpen,
          sold: offer.sold,
          terms: termsColumns(terms),
        })
        .from(offer)
        .innerJoin(terms, eq(terms.id, offer.termsId))
        .where(inArray(offer.ipId, ids))
    : [];
  const byWork = new Map<bigint, Offer[]>();
  for (const o of offers) {
    const list = byWork.get(o.ipId) ?? [];
    list.push({ termsId: o.termsId, salesOpen: o.salesOpen, sold: o.sold, terms: termsFromRow(o.terms) });
    byWork.set(o.ipId, list);
  }
  return {
    total: Number(total),
    cards: rows.map((r) => ({
      ...r,
      kind: r.kind as Kind,
      creator: r.creator as Address,
      cheapest: cheapestOffer(byWork.get(r.ipId) ?? [], query.use),
    })),
  };
}
