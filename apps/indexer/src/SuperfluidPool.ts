import { ponder } from "ponder:registry";
import { shareToken } from "ponder:schema";
import { shareTokenAbi, superfluidPoolAbi } from "@ipnft/protocol/abis";
import { lower } from "./history";
import { accrueStreamedIncome, shareTokenOfPool, updateHolding } from "./shares";

// Units follow share balances (one per share). The first units are given in the transaction that creates the pool,
// before SharesEnabled names it: then the pool's admin (its share token) and its IP are read from the chain.
ponder.on("SuperfluidPool:MemberUnitsUpdated", async ({ event, context }) => {
  const pool = lower(event.log.address);
  const { member, oldUnits, newUnits } = event.args;
  let row: typeof shareToken.$inferSelect | undefined = await shareTokenOfPool(context.db, pool);
  if (row) {
    await accrueStreamedIncome(context.db, event, row);
    row = (await context.db.find(shareToken, { id: row.id })) ?? undefined;
  }
  const token =
    row?.id ??
    lower(await context.client.readContract({ abi: superfluidPoolAbi, address: pool, functionName: "admin" }));
  const ipId =
    row?.ipId ?? (await context.client.readContract({ abi: shareTokenAbi, address: token, functionName: "ipId" }));
  await updateHolding(context.db, event, { ipId, token, holder: member }, { units: newUnits });
  if (row) {
    await context.db.update(shareToken, { id: row.id }).set({ poolUnits: row.poolUnits + newUnits - oldUnits });
  }
});
