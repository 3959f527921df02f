"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { iPRegistryAbi } from "@ipnft/protocol/abis";
import { cidText } from "@ipnft/protocol/content";
import { parseWorkMetadata, type WorkMetadata } from "@ipnft/protocol/work-metadata";
import { useDeployment } from "./useDeployment";

/** A work's title and preview for dashboards: its metadata CID from the certificate, the JSON from the gateway. */
export function useWorkInfo(ipId: bigint) {
  const client = usePublicClient();
  const { contracts } = useDeployment();
  return useQuery({
    queryKey: ["work-info", ipId.toString()],
    enabled: Boolean(client && contracts.IPRegistry),
    staleTime: Infinity, // certificates and content-addressed metadata never change
    queryFn: async (): Promise<{ metadata: WorkMetadata | null; creator: `0x${string}` }> => {
      const c = await client!.readContract({ address: contracts.IPRegistry!, abi: iPRegistryAbi, functionName: "certificate", args: [ipId] });
      const response = await fetch(`/api/metadata/${cidText(c.metadataCid)}`).catch(() => null);
      const metadata = response?.ok ? parseWorkMetadata(await response.json().catch(() => null)) : null;
      return { metadata, creator: c.creator };
    },
  });
}

export function WorkName({ ipId }: { ipId: bigint }) {
  const info = useWorkInfo(ipId);
  return <a href={`/works/${ipId}`}>{info.data?.metadata?.name ?? `IP #${ipId}`}</a>;
}
