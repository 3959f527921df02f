import { ponder } from "ponder:registry";
import { pool as poolTable, shareHolding, shareToken, work } from "ponder:schema";
import { lower, recordEvent } from "./history";
import { holdingId } from "./shares";

const contract = "RoyaltyPools";

ponder.on("RoyaltyPools:SharesEnabled", async ({ event, context }) => {
  const { ipId, owner } = event.args;
  const token = lower(event.args.shareToken);
  const pool = lower(event.args.pool);
  // The supply was minted (and pool units given) in this transaction, before this event: to the owner, and to each
  // parent's share token for a derivative.
  const w = await context.db.find(work, { id: ipId });
  const holders = [lower(owner)];
  for (const parentId of w?.parentIds ?? []) {
    const parentToken = (await context.db.find(work, { id: parentId }))?.shareToken;
    if (parentToken) holders.push(parentToken);
  }
  const holdings = [];
  for (const holder of holders) {
    const h = await context.db.find(shareHolding, { id: holdingId(token, holder) });
    if (h) holdings.push(h);
  }
  await context.db
    .insert(shareToken)
    .values({
      id: token,
      ipId,
      pool,
      creator: lower(owner),
      totalSupply: holdings.reduce((n, h) => n + h.balance, 0n),
      holderCount: holdings.filter((h) => h.balance > 0n).length,
      holders: holdings.map((h) => h.holder),
      saleOpen: false,
      saleAvailable: 0n,
      salePricePerShare: 0n,
      poolFlowRate: 0n,
      poolUnits: holdings.reduce((n, h) => n + h.units, 0n),
      poolAccruedAt: event.block.timestamp,
      enabledAt: event.block.timestamp,
      enabledBlock: event.block.number,
    })
    .onConflictDoNothing();
  await context.db.insert(poolTable).values({ id: pool, ipId, shareToken: token }).onConflictDoNothing();
  if (w) await context.db.update(work, { id: ipId }).set({ shareToken: token, pool });
  await recordEvent(context.db, event, { ipId, contract, name: "SharesEnabled", actor: owner, args: event.args });
});

ponder.on("RoyaltyPools:ParentSharesMinted", async ({ event, context }) => {
  const { ipId, parentIpId, shares } = event.args;
  await recordEvent(context.db, event, {
    ipId,
    contract,
    name: "ParentSharesMinted",
    amount: shares,
    args: event.args,
  });
  await recordEvent(
    context.db,
    { ...event, id: `${event.id}-parent` },
    {
      ipId: parentIpId,
      contract,
      name: "ParentSharesMinted",
      amount: shares,
      args: event.args,
    },
  );
});
