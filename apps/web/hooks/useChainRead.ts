"use client";
import type { Deployment } from "@ipnft/protocol/deployment";
import type { ChainReader } from "@ipnft/protocol/verbs";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { useDeployment } from "./useDeployment";

/** How often chain reads behind live numbers refresh; the numbers themselves move every frame in between. */
export const REFRESH_MS = 4_000;

/**
 * A chain read for the page, through the protocol's read verbs: cached under `key`, refreshed every `refetchInterval`
 * and after every transaction (the transactor invalidates every query). `read` is false until its inputs are known.
 */
export function useChainRead<T>(
  key: readonly unknown[],
  read: ((client: ChainReader, deployment: Deployment) => Promise<T>) | false,
  options: { refetchInterval?: number; staleTime?: number } = {},
) {
  const client = usePublicClient();
  const deployment = useDeployment();
  return useQuery({
    queryKey: key,
    enabled: Boolean(client && read),
    queryFn: () => (read as (client: ChainReader, deployment: Deployment) => Promise<T>)(client!, deployment),
    ...options,
  });
}
