import { offer, work } from "ponder:schema";
import { eq } from "ponder";
import type { Db } from "./history";

/**
 * Recomputes what the catalog filters and sorts a work on from its offers: the cheapest price on sale, the uses on
 * sale, the offer counts and the licenses sold. Called whenever an offer of the work changes.
 */
export async function refreshCatalogRow(db: Db, ipId: bigint): Promise<void> {
  if (!(await db.find(work, { id: ipId }))) return;
  const offers = await db.sql.select().from(offer).where(eq(offer.ipId, ipId));
  const open = offers.filter((o) => o.salesOpen);
  const [cheapest] = open.map((o) => o.price).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  await db.update(work, { id: ipId }).set({
    minPrice: cheapest ?? null,
    offersTraining: open.some((o) => o.grantsTraining),
    offersCommercial: open.some((o) => o.grantsCommercial),
    offersDerivative: open.some((o) => o.grantsDerivative),
    offerCount: offers.length,
    openOfferCount: open.length,
    licensesSold: offers.reduce((n, o) => n + o.sold, 0),
  });
}
