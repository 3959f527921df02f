"use client";
import { poolFlowRate } from "@ipnft/protocol/verbs";
import { type Address, zeroAddress } from "viem";
import { readCreatedWorks } from "@/lib/indexer/actions";
import { useIndexed } from "../indexer/useIndexed";
import { REFRESH_MS, useChainRead } from "../useChainRead";

export interface CreatedWork {
  ipId: bigint;
  title: string | null;
  licensesSold: number;
  fees: bigint;
  /** The zero address before shares are enabled. */
  shareToken: Address;
  poolFlowRate: bigint;
  saleAvailable: bigint;
  salePrice: bigint;
  sharesKept: bigint;
}

/**
 * The works an artist registered (newest first, at most 100), with what each has sold and the shares they keep and
 * offer, from the indexer; the royalties flowing into each work's pool now, from the chain.
 */
export function useCreatedWorks(account: Address | undefined) {
  const listed = useIndexed(["created-works", account], Boolean(account) && (() => readCreatedWorks(account!)));
  const list = listed.data;
  const live = useChainRead(
    ["created-works", account, list?.map((w) => w.ipId).join(",")],
    Boolean(list) &&
      (async (client, deployment): Promise<CreatedWork[]> =>
        Promise.all(
          list!.map(async (w) => ({
            ...w,
            shareToken: w.shareToken ?? zeroAddress,
            poolFlowRate: w.shareToken ? await poolFlowRate(client, deployment, w.ipId) : 0n,
          })),
        )),
    { refetchInterval: REFRESH_MS },
  );
  return { ...live, isLoading: listed.isLoading || live.isLoading, error: listed.error ?? live.error };
}
