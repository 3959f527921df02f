"use client";
import { useQuery } from "@tanstack/react-query";
import { REFRESH_MS } from "../useChainRead";

/**
 * A list or series from the indexer (through a server action in `@/lib/indexer/actions`), cached under `key` and
 * refreshed like the chain reads beside it, and after every transaction (the transactor invalidates every query):
 * the indexer follows the chain within a block or two. `read` is false until its inputs are known.
 */
export function useIndexed<T>(key: readonly unknown[], read: (() => Promise<T>) | false) {
  return useQuery({
    queryKey: ["indexer", ...key],
    enabled: Boolean(read),
    queryFn: () => (read as () => Promise<T>)(),
    refetchInterval: REFRESH_MS,
  });
}
