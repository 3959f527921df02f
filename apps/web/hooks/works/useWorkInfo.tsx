"use client";
import { parseWorkMetadata, type WorkMetadata } from "@ipnft/protocol/work-metadata";
import { createWorkReader, protocolAddresses } from "@ipnft/protocol/works";
import type { PublicClient } from "viem";
import { useChainRead } from "../useChainRead";

/** A work's title and preview for dashboards: its metadata CID from the certificate, the JSON from the gateway. */
export function useWorkInfo(ipId: bigint) {
  return useChainRead(
    ["work-info", ipId.toString()],
    async (client, deployment): Promise<{ metadata: WorkMetadata | null; creator: `0x${string}` } | undefined> => {
      const addresses = protocolAddresses(deployment);
      const certificate = addresses && (await createWorkReader(client as PublicClient, addresses).certificate(ipId));
      if (!certificate) return undefined;
      const response = await fetch(`/api/metadata/${certificate.metadataCid}`).catch(() => null);
      const metadata = response?.ok ? parseWorkMetadata(await response.json().catch(() => null)) : null;
      return { metadata, creator: certificate.creator };
    },
    { staleTime: Number.POSITIVE_INFINITY }, // certificates and content-addressed metadata never change
  );
}

/** A link to a work by its title: the indexer's when the caller has it, else read from the certificate's metadata. */
export function WorkName({ ipId, title }: { ipId: bigint; title?: string | null }) {
  if (title) return <a href={`/works/${ipId}`}>{title}</a>;
  return <WorkNameFromChain ipId={ipId} />;
}

function WorkNameFromChain({ ipId }: { ipId: bigint }) {
  const info = useWorkInfo(ipId);
  return <a href={`/works/${ipId}`}>{info.data?.metadata?.name ?? `IP #${ipId}`}</a>;
}
