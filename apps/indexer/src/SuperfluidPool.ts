import { ponder } from "ponder:registry";
import { lower } from "./history";
import { applyMemberUnits, deferUntilSharesEnabled, shareTokenOfPool } from "./shares";

ponder.on("SuperfluidPool:MemberUnitsUpdated", async ({ event, context }) => {
  const pool = lower(event.log.address);
  const row = await shareTokenOfPool(context.db, pool);
  if (row) return applyMemberUnits(context.db, event, row, event.args);
  // The first units, given in the enabling transaction before SharesEnabled names the pool: SharesEnabled books them.
  const { member, oldUnits, newUnits } = event.args;
  await deferUntilSharesEnabled(context.db, event, {
    kind: "units",
    id: event.id,
    logIndex: event.log.logIndex,
    pool,
    member: lower(member),
    oldUnits: oldUnits.toString(),
    newUnits: newUnits.toString(),
  });
});
