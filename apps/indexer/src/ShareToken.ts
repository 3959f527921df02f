import { ponder } from "ponder:registry";
import { shareSale, shareToken } from "ponder:schema";
import { type Db, lower, recordEvent, recordIncome } from "./history";
import { applyShareTransfer, deferUntilSharesEnabled } from "./shares";

const contract = "ShareToken";

/** The IP a share token belongs to, from its row (written by SharesEnabled, before any event but the mint's). */
async function ipIdOf(db: Db, token: `0x${string}`) {
  return (await db.find(shareToken, { id: lower(token) }))?.ipId ?? null;
}

ponder.on("ShareToken:Transfer", async ({ event, context }) => {
  const token = lower(event.log.address);
  const row = await context.db.find(shareToken, { id: token });
  if (row) return applyShareTransfer(context.db, event, row, event.args);
  // The mint, in the enabling transaction before SharesEnabled names the token's IP: SharesEnabled books it.
  const { from, to, value } = event.args;
  await deferUntilSharesEnabled(context.db, event, {
    kind: "transfer",
    id: event.id,
    logIndex: event.log.logIndex,
    token,
    from: lower(from),
    to: lower(to),
    value: value.toString(),
  });
});

ponder.on("ShareToken:SaleOpened", async ({ event, context }) => {
  const token = lower(event.log.address);
  const { creator, amount, pricePerShare } = event.args;
  await context.db.update(shareToken, { id: token }).set({
    saleOpen: true,
    saleAvailable: amount,
    salePricePerShare: pricePerShare,
  });
  const ipId = await ipIdOf(context.db, token);
  await recordEvent(context.db, event, {
    ipId,
    contract,
    name: "SaleOpened",
    actor: creator,
    amount,
    args: event.args,
  });
});

ponder.on("ShareToken:SaleClosed", async ({ event, context }) => {
  const token = lower(event.log.address);
  await context.db.update(shareToken, { id: token }).set({ saleOpen: false, saleAvailable: 0n });
  const ipId = await ipIdOf(context.db, token);
  await recordEvent(context.db, event, {
    ipId,
    contract,
    name: "SaleClosed",
    actor: event.args.creator,
    args: event.args,
  });
});

ponder.on("ShareToken:SharesBought", async ({ event, context }) => {
  const token = lower(event.log.address);
  const { buyer, amount, cost, connected } = event.args;
  const row = await context.db.find(shareToken, { id: token });
  if (!row) return;
  const saleAvailable = row.saleAvailable - amount;
  await context.db.update(shareToken, { id: token }).set({ saleAvailable, saleOpen: saleAvailable > 0n });
  await context.db.insert(shareSale).values({
    id: event.id,
    ipId: row.ipId,
    shareToken: token,
    buyer: lower(buyer),
    seller: row.creator,
    amount,
    cost,
    connected,
    time: event.block.timestamp,
    block: event.block.number,
    tx: event.transaction.hash,
  });
  await recordIncome(context.db, event, {
    ipId: row.ipId,
    kind: "shareSale",
    payer: buyer,
    recipient: row.creator,
    amount: cost,
  });
  await recordEvent(context.db, event, {
    ipId: row.ipId,
    contract,
    name: "SharesBought",
    actor: buyer,
    amount,
    args: event.args,
  });
});

// Events that only tell the story: the history of the IP.
for (const name of ["IncomeDistributed", "ConnectedToPool", "IncomeWrapped", "EthReceived", "Swept"] as const) {
  ponder.on(`ShareToken:${name}`, async ({ event, context }) => {
    const ipId = await ipIdOf(context.db, lower(event.log.address));
    const args = event.args as { amount?: bigint; from?: `0x${string}` };
    await recordEvent(context.db, event, {
      ipId,
      contract,
      name,
      actor: args.from,
      amount: args.amount,
      args: event.args,
    });
  });
}
