import "server-only";
import { createContentStore } from "@ipnft/gateway/content/store";
import type { Deployment } from "@ipnft/protocol/deployment";
import type { Offer, Use } from "@ipnft/protocol/terms";
import { parseWorkMetadata, type WorkMetadata } from "@ipnft/protocol/work-metadata";
import {
  cheapestOffer as cheapestOfOffers,
  createWorkReader,
  protocolAddresses,
  type Work,
} from "@ipnft/protocol/works";
import { createPublicClient, http, type PublicClient } from "viem";
import { serverConfig } from "./deployment.server";

/**
 * Server-side reads of one work for its page, straight from the chain: the protocol's work reader for the certificate,
 * owner and terms, plus metadata and previews from the gateway's content store. Lists (the catalog, history, holders)
 * come from the indexer (`@/lib/indexer`); this is what a work page still shows when the indexer is behind or down.
 */
export interface WorkView extends Work {
  metadata: WorkMetadata | null;
  /** CID of the public preview, from the metadata or the store's record of the original. */
  previewCid?: string;
}

const clients = new Map<string, PublicClient>();
/** One batching client per RPC URL: many reads of one render travel in few HTTP requests. */
export function chainClient(deployment: Deployment): PublicClient {
  let client = clients.get(deployment.rpcUrl);
  if (!client) {
    client = createPublicClient({
      transport: http(deployment.rpcUrl, { batch: { batchSize: 200, wait: 2 }, retryCount: 1 }),
    });
    clients.set(deployment.rpcUrl, client);
  }
  return client;
}

let store: ReturnType<typeof createContentStore> | undefined;
const contentStore = () => (store ??= createContentStore(serverConfig.dataDir));

async function readMetadata(cid: string): Promise<WorkMetadata | null> {
  try {
    const bytes = await contentStore().read("metadata", cid);
    return parseWorkMetadata(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return null;
  }
}

async function previewOf(cid: string, metadata: WorkMetadata | null): Promise<string | undefined> {
  if (metadata?.preview) return metadata.preview;
  return (
    await contentStore()
      .get("originals", cid)
      .catch(() => undefined)
  )?.previewCid;
}

export function createWorkReads(deployment: Deployment) {
  const p = protocolAddresses(deployment);
  const client = chainClient(deployment);
  const reader = p && createWorkReader(client, p);

  async function work(ipId: bigint): Promise<WorkView | null> {
    const w = await reader?.work(ipId);
    if (!w) return null;
    const metadata = await readMetadata(w.metadataCid);
    return { ...w, metadata, previewCid: await previewOf(w.cid, metadata) };
  }

  return { work, terms: (termsId: bigint) => reader!.terms(termsId), client, protocol: p };
}

/** The cheapest open offer of a work that allows `use` (any use when none is given), or undefined. */
export function cheapestOffer(w: Pick<WorkView, "offers">, use?: Use): Offer | undefined {
  return cheapestOfOffers(w.offers, use);
}

export function workTitle(w: Pick<WorkView, "ipId" | "metadata">): string {
  return w.metadata?.name || `IP #${w.ipId}`;
}
