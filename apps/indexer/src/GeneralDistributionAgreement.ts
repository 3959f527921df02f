import { ponder } from "ponder:registry";
import { shareToken, stream } from "ponder:schema";
import { datasetPoolDistribution } from "./Datasets";
import { lower, recordEvent, recordIncome } from "./history";
import { accrueStreamedIncome, shareOutInstant, shareTokenOfPool } from "./shares";

const contract = "GeneralDistributionAgreement";

// A licensee's royalty stream into an IP's pool opened, changed or closed.
ponder.on("GeneralDistributionAgreement:FlowDistributionUpdated", async ({ event, context }) => {
  const a = event.args;
  const token = await shareTokenOfPool(context.db, a.pool);
  if (!token)
    return void (await datasetPoolDistribution(context.db, event, {
      pool: a.pool,
      newTotalFlowRate: a.newTotalDistributionFlowRate,
    }));
  await accrueStreamedIncome(context.db, event, token);
  await context.db.update(shareToken, { id: token.id }).set({ poolFlowRate: a.newTotalDistributionFlowRate });

  const pool = lower(a.pool);
  const distributor = lower(a.distributor);
  const id = `${pool}-${distributor}`;
  const now = event.block.timestamp;
  const existing = await context.db.find(stream, { id });
  const ended = existing ? existing.flowRate * (now - existing.updatedAt) : 0n;
  const row = {
    flowRate: a.newDistributorToPoolFlowRate,
    streamedUntilUpdate: (existing?.streamedUntilUpdate ?? 0n) + ended,
    updatedAt: now,
    updatedBlock: event.block.number,
  };
  if (existing) {
    const restarted = existing.flowRate === 0n && row.flowRate > 0n;
    await context.db.update(stream, { id }).set(restarted ? { ...row, startedAt: now } : row);
  } else {
    await context.db.insert(stream).values({ id, ipId: token.ipId, pool, distributor, startedAt: now, ...row });
  }
  await recordIncome(context.db, event, {
    ipId: token.ipId,
    kind: "stream",
    payer: distributor,
    recipient: pool,
    amount: ended,
  });
  await recordEvent(context.db, event, {
    ipId: token.ipId,
    contract,
    name:
      a.newDistributorToPoolFlowRate === 0n ? "StreamClosed" : existing?.flowRate ? "StreamUpdated" : "StreamOpened",
    actor: distributor,
    amount: a.newDistributorToPoolFlowRate,
    args: a,
  });
});

// An instant distribution into one of our pools (a license fee, a usage payment, income passed on): per holder.
ponder.on("GeneralDistributionAgreement:InstantDistributionUpdated", async ({ event, context }) => {
  const token = await shareTokenOfPool(context.db, event.args.pool);
  const { pool, actualAmount } = event.args;
  if (!token) return void (await datasetPoolDistribution(context.db, event, { pool, instantAmount: actualAmount }));
  await accrueStreamedIncome(context.db, event, token);
  const fresh = await context.db.find(shareToken, { id: token.id });
  if (fresh) await shareOutInstant(context.db, event, fresh, event.args.actualAmount);
});
