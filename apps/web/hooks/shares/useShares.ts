"use client";
import {
  holderIncome,
  poolFlowRate,
  poolTotalFlowRate,
  receivedFromPool,
  shareBalance,
  shareSale,
  shareSupply,
  sharesOf,
} from "@ipnft/protocol/verbs";
import type { Address } from "viem";
import { readHolders, readHoldings } from "@/lib/indexer/actions";
import { useIndexed } from "../indexer/useIndexed";
import { REFRESH_MS, useChainRead } from "../useChainRead";

/** The revenue shares of one IP: its share token and pool, the open sale, the pool's inflow; `enabled: false` before. */
export function useShares(ipId: bigint) {
  return useChainRead(
    ["shares", ipId.toString()],
    async (client, deployment) => {
      const shares = await sharesOf(client, deployment, ipId);
      if (!shares) return { enabled: false as const };
      const [sale, supply, inflow] = await Promise.all([
        shareSale(client, shares.shareToken),
        shareSupply(client, shares.shareToken),
        poolFlowRate(client, deployment, ipId),
      ]);
      return {
        enabled: true as const,
        ...shares,
        supply,
        saleAvailable: sale.available,
        salePrice: sale.pricePerShare,
        poolFlowRate: inflow,
      };
    },
    { refetchInterval: REFRESH_MS },
  );
}

/** Who holds the shares of one IP, most first (the largest 50), from the indexer; undefined ipId: not yet. */
export function useHolders(ipId: bigint | undefined) {
  return useIndexed(["holders", ipId?.toString()], ipId !== undefined && (() => readHolders(ipId.toString())));
}

/**
 * What a pool has paid its holders so far, and how fast it pays now: the sum of every holder's received
 * total at one block, with the pool's flow rate. Feeds the work page's live royalty counter.
 */
export function usePaidToHolders(pool: Address | undefined, holders: Address[] | undefined) {
  return useChainRead(
    ["paid-to-holders", pool, holders?.join(",")],
    Boolean(pool && holders) &&
      (async (client) => {
        const block = await client.getBlock();
        const [received, flowRate] = await Promise.all([
          Promise.all(holders!.map((h) => receivedFromPool(client, pool!, h, block.number))),
          poolTotalFlowRate(client, pool!, block.number),
        ]);
        return {
          amount: received.reduce((s, r) => s + r, 0n),
          flowRate,
          timestamp: block.timestamp,
          readAt: Date.now(),
        };
      }),
    { refetchInterval: REFRESH_MS },
  );
}

/** What one work's pool has paid `account` so far and pays it now, for its live counter. */
export function useIncomeFrom(ipId: bigint, pool: Address | undefined, account: Address | undefined) {
  return useChainRead(
    ["income-from", ipId.toString(), pool, account],
    Boolean(pool && account) &&
      (async (client, deployment) => {
        const block = await client.getBlock();
        const [amount, income] = await Promise.all([
          receivedFromPool(client, pool!, account!, block.number),
          holderIncome(client, deployment, ipId, account!, block.number),
        ]);
        return { amount, flowRate: income.flowRate, timestamp: income.timestamp, readAt: Date.now() };
      }),
    { refetchInterval: REFRESH_MS },
  );
}

export interface Holding {
  ipId: bigint;
  title: string | null;
  shareToken: Address;
  pool: Address;
  shares: bigint;
  supply: bigint;
  flowRate: bigint;
  claimable: bigint;
  connected: boolean;
  received: bigint;
  timestamp: bigint;
  readAt: number;
}

/**
 * Every IP whose shares an account holds (the list from the indexer, at most 100), with what each pays it now and
 * its balance read from the chain at one block.
 */
export function useHoldings(account: Address | undefined) {
  const listed = useIndexed(["holdings", account], Boolean(account) && (() => readHoldings(account!)));
  const list = listed.data;
  const live = useChainRead(
    ["holdings", account, list?.map((h) => h.shareToken).join(",")],
    Boolean(account && list) &&
      (async (client, deployment): Promise<Holding[]> => {
        const block = await client.getBlock();
        const at = block.number;
        const rows = await Promise.all(
          list!.map(async ({ ipId, title, shareToken, pool }) => {
            const shares = await shareBalance(client, shareToken, account!, at);
            if (shares === 0n) return null;
            const [income, supply, received] = await Promise.all([
              holderIncome(client, deployment, ipId, account!, at),
              shareSupply(client, shareToken, at),
              receivedFromPool(client, pool, account!, at),
            ]);
            const { flowRate, claimable, connected, timestamp } = income;
            return {
              ipId,
              title,
              shareToken,
              pool,
              shares,
              supply,
              flowRate,
              claimable,
              connected,
              received,
              timestamp,
              readAt: Date.now(),
            };
          }),
        );
        return rows.filter((r): r is Holding => r !== null);
      }),
    { refetchInterval: REFRESH_MS },
  );
  return { ...live, isLoading: listed.isLoading || live.isLoading, error: listed.error ?? live.error };
}
