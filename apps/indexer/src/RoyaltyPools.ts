import { ponder } from "ponder:registry";
import { pool as poolTable, shareToken, work } from "ponder:schema";
import { lower, recordEvent } from "./history";
import { applyMemberUnits, applyShareTransfer, takeEarlyShareEvents } from "./shares";

const contract = "RoyaltyPools";

ponder.on("RoyaltyPools:SharesEnabled", async ({ event, context }) => {
  const { ipId, owner } = event.args;
  const token = lower(event.args.shareToken);
  const pool = lower(event.args.pool);
  await context.db
    .insert(shareToken)
    .values({
      id: token,
      ipId,
      pool,
      creator: lower(owner),
      totalSupply: 0n,
      holderCount: 0,
      holders: [],
      saleOpen: false,
      saleAvailable: 0n,
      salePricePerShare: 0n,
      poolFlowRate: 0n,
      poolUnits: 0n,
      poolAccruedAt: event.block.timestamp,
      enabledAt: event.block.timestamp,
      enabledBlock: event.block.number,
    })
    .onConflictDoNothing();
  await context.db.insert(poolTable).values({ id: pool, ipId, shareToken: token }).onConflictDoNothing();
  if (await context.db.find(work, { id: ipId })) {
    await context.db.update(work, { id: ipId }).set({ shareToken: token, pool });
  }
  // The supply was minted (to the owner, and to each parent's share token for a derivative) and the first pool units
  // given earlier in this transaction, before the token and pool were named: book those events now, in log order.
  for (const early of await takeEarlyShareEvents(context.db, event, token, pool)) {
    const ref = { ...event, id: early.id, log: { ...event.log, logIndex: early.logIndex } };
    const row = await context.db.find(shareToken, { id: token });
    if (!row) break;
    if (early.kind === "transfer") {
      await applyShareTransfer(context.db, ref, row, { from: early.from, to: early.to, value: BigInt(early.value) });
    } else {
      const units = { oldUnits: BigInt(early.oldUnits), newUnits: BigInt(early.newUnits) };
      await applyMemberUnits(context.db, ref, row, { member: early.member, ...units });
    }
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
