"use client";
import {
  licensePurchases,
  poolFlowRate,
  shareBalance,
  shareSale,
  sharesOf,
  worksCreatedBy,
} from "@ipnft/protocol/verbs";
import { type Address, zeroAddress } from "viem";
import { REFRESH_MS, useChainRead } from "../useChainRead";

export interface CreatedWork {
  ipId: bigint;
  licensesSold: number;
  fees: bigint;
  /** The zero address before shares are enabled. */
  shareToken: Address;
  poolFlowRate: bigint;
  saleAvailable: bigint;
  salePrice: bigint;
  sharesKept: bigint;
}

/** The works an artist registered, with what each has sold and the shares they keep and offer. */
export function useCreatedWorks(account: Address | undefined) {
  return useChainRead(
    ["created-works", account],
    Boolean(account) &&
      (async (client, deployment): Promise<CreatedWork[]> => {
        const ipIds = await worksCreatedBy(client, deployment, account!);
        return Promise.all(
          ipIds.map(async (ipId) => {
            const [sales, shares, inflow] = await Promise.all([
              licensePurchases(client, deployment, { ipId }),
              sharesOf(client, deployment, ipId),
              poolFlowRate(client, deployment, ipId),
            ]);
            const [sale, sharesKept] = shares
              ? await Promise.all([
                  shareSale(client, shares.shareToken),
                  shareBalance(client, shares.shareToken, account!),
                ])
              : [{ available: 0n, pricePerShare: 0n }, 0n];
            return {
              ipId,
              licensesSold: sales.length,
              fees: sales.reduce((s, x) => s + x.fee, 0n),
              shareToken: shares?.shareToken ?? zeroAddress,
              poolFlowRate: inflow,
              saleAvailable: sale.available,
              salePrice: sale.pricePerShare,
              sharesKept,
            };
          }),
        );
      }),
    { refetchInterval: REFRESH_MS },
  );
}
