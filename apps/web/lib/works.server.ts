import "server-only";
import { createContentStore } from "@ipnft/gateway/content/store";
import { iPRegistryAbi, licenseTokenAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import type { Offer, Use } from "@ipnft/protocol/terms";
import { parseWorkMetadata, type WorkMetadata } from "@ipnft/protocol/work-metadata";
import {
  cheapestOffer as cheapestOfOffers,
  createWorkReader,
  protocolAddresses,
  type Work,
} from "@ipnft/protocol/works";
import { createPublicClient, http, type PublicClient, zeroAddress } from "viem";
import { serverConfig } from "./deployment.server";

/**
 * Server-side reads of works for the catalog and the work page: the protocol's work reader for certificates and
 * terms, plus metadata and previews from the gateway's content store. Pages render from these without client JS.
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

  async function all(): Promise<WorkView[]> {
    if (!reader) return [];
    const works = await reader.all();
    return Promise.all(
      works.map(async (w) => {
        const metadata = await readMetadata(w.metadataCid);
        return { ...w, metadata, previewCid: await previewOf(w.cid, metadata) };
      }),
    );
  }

  /** The birth certificate's transfer record and the licenses sold, rebuilt from the contracts' events. */
  async function history(ipId: bigint) {
    if (!p) return [];
    const fromBlock = BigInt(deployment.startBlock);
    const [transfers, sales] = await Promise.all([
      client.getContractEvents({
        address: p.registry,
        abi: iPRegistryAbi,
        eventName: "Transfer",
        args: { tokenId: ipId },
        fromBlock,
      }),
      client.getContractEvents({
        address: p.licenses,
        abi: licenseTokenAbi,
        eventName: "LicensePurchased",
        args: { ipId },
        fromBlock,
      }),
    ]);
    const events = [
      ...transfers.map((e) => ({
        block: e.blockNumber,
        logIndex: e.logIndex,
        tx: e.transactionHash,
        what: e.args.from === zeroAddress ? ("registered" as const) : ("transferred" as const),
        from: e.args.from!,
        to: e.args.to!,
      })),
      ...sales.map((e) => ({
        block: e.blockNumber,
        logIndex: e.logIndex,
        tx: e.transactionHash,
        what: "licensed" as const,
        from: e.args.licensee!,
        to: e.args.licensee!,
        licenseId: e.args.licenseId!,
        termsId: e.args.termsId!,
        fee: e.args.fee!,
      })),
    ].sort((a, b) => Number(a.block - b.block) || a.logIndex - b.logIndex);
    const times = new Map<bigint, number>();
    await Promise.all(
      [...new Set(events.map((e) => e.block))].map(async (b) =>
        times.set(b, Number((await client.getBlock({ blockNumber: b })).timestamp)),
      ),
    );
    return events.map((e) => ({ ...e, time: times.get(e.block) ?? 0 }));
  }

  return { work, all, terms: (termsId: bigint) => reader!.terms(termsId), history, client, protocol: p };
}

export type HistoryEntry = Awaited<ReturnType<ReturnType<typeof createWorkReads>["history"]>>[number];

/** The cheapest open offer of a work that allows `use` (any use when none is given), or undefined. */
export function cheapestOffer(w: Pick<WorkView, "offers">, use?: Use): Offer | undefined {
  return cheapestOfOffers(w.offers, use);
}

export function workTitle(w: Pick<WorkView, "ipId" | "metadata">): string {
  return w.metadata?.name || `IP #${w.ipId}`;
}
