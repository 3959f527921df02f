import { type Context, ponder } from "ponder:registry";
import { shareSale, shareToken, transfer } from "ponder:schema";
import { shareTokenAbi } from "@ipnft/protocol/abis";
import { zeroAddress } from "viem";
import { type Db, lower, recordEvent, recordIncome } from "./history";
import { updateHolding } from "./shares";

const contract = "ShareToken";

/** The IP a share token belongs to: from its row, or (for the mint, before SharesEnabled) from the token itself. */
async function ipIdOf(db: Db, client: Context<"ShareToken:Transfer">["client"], token: `0x${string}`) {
  const row = await db.find(shareToken, { id: lower(token) });
  if (row) return row.ipId;
  return client.readContract({ abi: shareTokenAbi, address: token, functionName: "ipId" });
}

ponder.on("ShareToken:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  const token = lower(event.log.address);
  const ipId = await ipIdOf(context.db, context.client, token);
  await context.db.insert(transfer).values({
    id: event.id,
    asset: "share",
    token,
    ipId,
    tokenId: null,
    from: lower(from),
    to: lower(to),
    amount: value,
    time: event.block.timestamp,
    block: event.block.number,
    tx: event.transaction.hash,
  });
  let holdersDelta = 0;
  if (from !== zeroAddress) {
    const f = await updateHolding(context.db, event, { ipId, token, holder: from }, { balanceDelta: -value });
    if (f.before > 0n && f.after === 0n) holdersDelta--;
  }
  if (to !== zeroAddress) {
    const t = await updateHolding(context.db, event, { ipId, token, holder: to }, { balanceDelta: value });
    if (t.before === 0n && t.after > 0n) holdersDelta++;
  }
  const row = await context.db.find(shareToken, { id: token });
  if (row) {
    await context.db.update(shareToken, { id: token }).set({
      holderCount: row.holderCount + holdersDelta,
      totalSupply: row.totalSupply + (from === zeroAddress ? value : 0n) - (to === zeroAddress ? value : 0n),
    });
  }
  if (from !== zeroAddress) {
    await recordEvent(context.db, event, {
      ipId,
      contract,
      name: "SharesTransferred",
      actor: from,
      amount: value,
      args: event.args,
    });
  }
});

ponder.on("ShareToken:SaleOpened", async ({ event, context }) => {
  const token = lower(event.log.address);
  const { creator, amount, pricePerShare } = event.args;
  await context.db.update(shareToken, { id: token }).set({
    saleOpen: true,
    saleAvailable: amount,
    salePricePerShare: pricePerShare,
  });
  const ipId = await ipIdOf(context.db, context.client, token);
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
  const ipId = await ipIdOf(context.db, context.client, token);
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
    const ipId = await ipIdOf(context.db, context.client, lower(event.log.address));
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
