import { ponder } from "ponder:registry";
import { shareHolding, shareToken, work } from "ponder:schema";
import { eq } from "ponder";
import { lower, recordEvent } from "./history";

const contract = "RoyaltyPools";

ponder.on("RoyaltyPools:SharesEnabled", async ({ event, context }) => {
  const { ipId, owner } = event.args;
  const token = lower(event.args.shareToken);
  const pool = lower(event.args.pool);
  // the supply was minted (and pool units given) in this transaction, before this event
  const holdings = await context.db.sql.select().from(shareHolding).where(eq(shareHolding.shareToken, token));
  await context.db
    .insert(shareToken)
    .values({
      id: token,
      ipId,
      pool,
      creator: lower(owner),
      totalSupply: holdings.reduce((n, h) => n + h.balance, 0n),
      holderCount: holdings.filter((h) => h.balance > 0n).length,
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
  if (await context.db.find(work, { id: ipId })) {
    await context.db.update(work, { id: ipId }).set({ shareToken: token, pool });
  }
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
