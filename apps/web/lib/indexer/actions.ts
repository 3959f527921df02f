"use server";
import { type Address, isAddress } from "viem";
import { loadDeployment } from "@/lib/deployment.server";
import { chainClient } from "@/lib/works.server";
import {
  type CreatedWorkRow,
  creatorEarnings,
  type HeldLicense,
  type HoldingRow,
  holderEarnings,
  holdingsOf,
  licensesHeldBy,
  spendOf,
  worksCreatedBy,
} from "./accounts";
import { type Flow, incomeSeries, type Payment, type Series } from "./series";
import { workHolders } from "./work";

/**
 * The indexer's lists for the dashboards and the work page's live parts, called from the browser (React server
 * actions: typed end to end, bigints included). Everything here is public chain data; inputs are checked, and a
 * failure reaches the page as an error its query shows in words.
 */

function account(text: string): Address {
  if (!isAddress(text, { strict: false })) throw new Error("That is not an account address.");
  return text as Address;
}

/** The chain's clock (the latest block's time), which the charts run to; the server's clock if the chain is away. */
async function chainNow(): Promise<number> {
  const lookup = await loadDeployment();
  if (!("deployment" in lookup)) return Math.floor(Date.now() / 1000);
  const block = await chainClient(lookup.deployment)
    .getBlock()
    .catch(() => undefined);
  return block ? Number(block.timestamp) : Math.floor(Date.now() / 1000);
}

async function series(read: Promise<{ payments: Payment[]; flows: Flow[] }>): Promise<Series> {
  const [{ payments, flows }, now] = await Promise.all([read, chainNow()]);
  return incomeSeries(payments, flows, now);
}

export async function readHolders(ipId: string): Promise<Array<[Address, bigint]>> {
  if (!/^[1-9][0-9]{0,18}$/.test(ipId)) throw new Error("That is not an IP id.");
  return workHolders(BigInt(ipId));
}

export async function readLicensesHeld(holder: string): Promise<HeldLicense[]> {
  return licensesHeldBy(account(holder));
}

export async function readSpend(payer: string): Promise<Series> {
  return series(spendOf(account(payer)));
}

export async function readCreatedWorks(creator: string): Promise<CreatedWorkRow[]> {
  return worksCreatedBy(account(creator));
}

export async function readCreatorEarnings(creator: string): Promise<Series> {
  return series(creatorEarnings(account(creator)));
}

export async function readHoldings(holder: string): Promise<HoldingRow[]> {
  return holdingsOf(account(holder));
}

export async function readHolderEarnings(holder: string): Promise<Series> {
  return series(holderEarnings(account(holder)));
}
