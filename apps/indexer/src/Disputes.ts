import { ponder } from "ponder:registry";
import { dispute } from "ponder:schema";
import { lower, recordEvent } from "./history";

const contract = "Disputes";

ponder.on("Disputes:DisputeOpened", async ({ event, context }) => {
  const { disputeId, ipId, disputer, bond, earlierIpId, similarityBps, evidenceUri } = event.args;
  await context.db.insert(dispute).values({
    id: disputeId,
    ipId,
    disputer: lower(disputer),
    bond,
    earlierIpId,
    similarityBps,
    evidenceUri,
    status: "open",
    openedAt: event.block.timestamp,
  });
  await recordEvent(context.db, event, {
    ipId,
    contract,
    name: "DisputeOpened",
    actor: disputer,
    amount: bond,
    args: event.args,
  });
});

ponder.on("Disputes:DisputeUpheld", async ({ event, context }) => {
  const { disputeId, ipId, disputer, bond } = event.args;
  await context.db
    .update(dispute, { id: disputeId })
    .set({ status: "upheld", closedAt: event.block.timestamp, bondTo: lower(disputer) });
  await recordEvent(context.db, event, { ipId, contract, name: "DisputeUpheld", amount: bond, args: event.args });
});

ponder.on("Disputes:DisputeRejected", async ({ event, context }) => {
  const { disputeId, ipId, owner, bond } = event.args;
  await context.db
    .update(dispute, { id: disputeId })
    .set({ status: "rejected", closedAt: event.block.timestamp, bondTo: lower(owner) });
  await recordEvent(context.db, event, { ipId, contract, name: "DisputeRejected", amount: bond, args: event.args });
});

ponder.on("Disputes:DisputeExpired", async ({ event, context }) => {
  const { disputeId, ipId, disputer, bond, closer } = event.args;
  await context.db
    .update(dispute, { id: disputeId })
    .set({ status: "expired", closedAt: event.block.timestamp, bondTo: lower(disputer) });
  await recordEvent(context.db, event, {
    ipId,
    contract,
    name: "DisputeExpired",
    actor: closer,
    amount: bond,
    args: event.args,
  });
});
