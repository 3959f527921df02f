"use client";
import { useQuery } from "@tanstack/react-query";
import { type Address, zeroAddress } from "viem";
import { usePublicClient } from "wagmi";
import { gdaV1ForwarderAbi, royaltyPoolsAbi, shareTokenAbi, superfluidPoolAbi, superTokenAbi } from "@ipnft/protocol/abis";
import { useDeployment } from "./useDeployment";

/** How often chain reads behind live numbers refresh; the numbers themselves move every frame in between. */
export const REFRESH_MS = 4_000;

/** The revenue shares of one IP: its share token and pool (zero before shares are enabled), the open sale, the pool's inflow. */
export function useShares(ipId: bigint) {
  const client = usePublicClient();
  const { contracts } = useDeployment();
  return useQuery({
    queryKey: ["shares", ipId.toString(), contracts.RoyaltyPools],
    enabled: Boolean(client && contracts.RoyaltyPools),
    refetchInterval: REFRESH_MS,
    queryFn: async () => {
      const pools = contracts.RoyaltyPools!;
      const [shareToken, pool] = await Promise.all([
        client!.readContract({ address: pools, abi: royaltyPoolsAbi, functionName: "shareTokenOf", args: [ipId] }),
        client!.readContract({ address: pools, abi: royaltyPoolsAbi, functionName: "poolOf", args: [ipId] }),
      ]);
      if (shareToken === zeroAddress) return { enabled: false as const };
      const [sale, supply, poolFlowRate, creator, block] = await Promise.all([
        client!.readContract({ address: shareToken, abi: shareTokenAbi, functionName: "sale" }),
        client!.readContract({ address: shareToken, abi: shareTokenAbi, functionName: "totalSupply" }),
        client!.readContract({ address: pools, abi: royaltyPoolsAbi, functionName: "poolFlowRate", args: [ipId] }),
        client!.readContract({ address: shareToken, abi: shareTokenAbi, functionName: "creator" }),
        client!.getBlock(),
      ]);
      return {
        enabled: true as const,
        shareToken,
        pool,
        creator,
        supply,
        saleAvailable: sale[0],
        salePrice: sale[1],
        poolFlowRate: BigInt(poolFlowRate),
        timestamp: block.timestamp,
        readAt: Date.now(),
      };
    },
  });
}

/** Who holds the shares of one IP, rebuilt from the share token's transfers. */
export function useHolders(shareToken: Address | undefined) {
  const client = usePublicClient();
  const { startBlock } = useDeployment();
  return useQuery({
    queryKey: ["holders", shareToken],
    enabled: Boolean(client && shareToken),
    refetchInterval: REFRESH_MS * 2,
    queryFn: async () => {
      const logs = await client!.getContractEvents({ address: shareToken!, abi: shareTokenAbi, eventName: "Transfer", fromBlock: BigInt(startBlock) });
      const balances = new Map<Address, bigint>();
      for (const l of logs) {
        const { from, to, value } = l.args as { from: Address; to: Address; value: bigint };
        if (from !== zeroAddress) balances.set(from, (balances.get(from) ?? 0n) - value);
        balances.set(to, (balances.get(to) ?? 0n) + value);
      }
      return [...balances.entries()].filter(([, b]) => b > 0n).sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0));
    },
  });
}

/**
 * An account's SuperToken balance as it moves: the real-time balance and the net flow rate at one block.
 * Everything streamed to a connected holder lands here, so this is the number that ticks.
 */
export function useLiveWallet(account: Address | undefined) {
  const client = usePublicClient();
  const { currency, superfluid } = useDeployment();
  return useQuery({
    queryKey: ["live-wallet", account],
    enabled: Boolean(client && account),
    refetchInterval: REFRESH_MS,
    queryFn: async () => {
      const block = await client!.getBlock();
      const [balance, netFlow] = await Promise.all([
        client!.readContract({ address: currency.superToken, abi: superTokenAbi, functionName: "realtimeBalanceOf", args: [account!, block.timestamp], blockNumber: block.number }),
        client!.readContract({ address: superfluid.gdaV1Forwarder, abi: gdaV1ForwarderAbi, functionName: "getNetFlow", args: [currency.superToken, account!], blockNumber: block.number }),
      ]);
      return { amount: balance[0], flowRate: BigInt(netFlow), timestamp: block.timestamp, readAt: Date.now() };
    },
  });
}

export interface Holding {
  ipId: bigint;
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

/** Every IP whose shares an account holds, with what each pays it now. */
export function useHoldings(account: Address | undefined) {
  const client = usePublicClient();
  const { contracts, startBlock } = useDeployment();
  return useQuery({
    queryKey: ["holdings", account],
    enabled: Boolean(client && account && contracts.RoyaltyPools),
    refetchInterval: REFRESH_MS,
    queryFn: async (): Promise<Holding[]> => {
      const pools = contracts.RoyaltyPools!;
      const enabled = await client!.getContractEvents({ address: pools, abi: royaltyPoolsAbi, eventName: "SharesEnabled", fromBlock: BigInt(startBlock) });
      const block = await client!.getBlock();
      const rows = await Promise.all(
        enabled.map(async (e) => {
          const { ipId, shareToken, pool } = e.args as { ipId: bigint; shareToken: Address; pool: Address };
          const shares = await client!.readContract({ address: shareToken, abi: shareTokenAbi, functionName: "balanceOf", args: [account!], blockNumber: block.number });
          if (shares === 0n) return null;
          const [income, supply, received] = await Promise.all([
            client!.readContract({ address: pools, abi: royaltyPoolsAbi, functionName: "holderIncome", args: [ipId, account!], blockNumber: block.number }),
            client!.readContract({ address: shareToken, abi: shareTokenAbi, functionName: "totalSupply", blockNumber: block.number }),
            client!.readContract({ address: pool, abi: superfluidPoolAbi, functionName: "getTotalAmountReceivedByMember", args: [account!], blockNumber: block.number }),
          ]);
          const [flowRate, claimable, connected, , timestamp] = income;
          return { ipId, shareToken, pool, shares, supply, flowRate: BigInt(flowRate), claimable, connected, received, timestamp: BigInt(timestamp), readAt: Date.now() };
        }),
      );
      return rows.filter((r): r is Holding => r !== null);
    },
  });
}

/**
 * What a pool has paid its holders so far, and how fast it pays now: the sum of every holder's received
 * total at one block, with the pool's flow rate. Feeds the work page's live royalty counter.
 */
export function usePaidToHolders(pool: Address | undefined, holders: Address[] | undefined) {
  const client = usePublicClient();
  return useQuery({
    queryKey: ["paid-to-holders", pool, holders?.join(",")],
    enabled: Boolean(client && pool && holders),
    refetchInterval: REFRESH_MS,
    queryFn: async () => {
      const block = await client!.getBlock();
      const [received, flowRate] = await Promise.all([
        Promise.all(holders!.map((h) => client!.readContract({ address: pool!, abi: superfluidPoolAbi, functionName: "getTotalAmountReceivedByMember", args: [h], blockNumber: block.number }))),
        client!.readContract({ address: pool!, abi: superfluidPoolAbi, functionName: "getTotalFlowRate", blockNumber: block.number }),
      ]);
      return { amount: received.reduce((s, r) => s + r, 0n), flowRate: BigInt(flowRate), timestamp: block.timestamp, readAt: Date.now() };
    },
  });
}
