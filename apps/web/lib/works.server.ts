import { type Address, createPublicClient, type Hex, http, type PublicClient, zeroAddress } from "viem";
import { iPRegistryAbi, licenseTermsAbi, licenseTokenAbi } from "@/generated/abis";
import { createContentStore } from "./content/store";
import type { Deployment } from "./deployment";
import { cidText } from "./file-identity";
import { type Terms, termsAllow, type Use } from "./terms-words";
import { type Kind, kinds, parseWorkMetadata, type WorkMetadata } from "./work-metadata";

/**
 * Server-side reads of works for the catalog and the work page: certificates and terms from the chain,
 * metadata and previews from the gateway's content store. Pages render from these without any client JS.
 */
export interface Offer {
  termsId: bigint;
  terms: Terms;
  salesOpen: boolean;
  sold: number;
}

export interface WorkView {
  ipId: bigint;
  kind: Kind;
  creator: Address;
  owner: Address;
  birthTime: number;
  contentHash: Hex;
  cid: string;
  metadataCid: string;
  c2paManifestHash: Hex;
  royaltyBps: number;
  parents: { ipId: bigint; licenseId: bigint; royaltyBps: number }[];
  metadata: WorkMetadata | null;
  /** CID of the public preview, from the metadata or the store's record of the original. */
  previewCid?: string;
  offers: Offer[];
}

export function protocolOf(deployment: Deployment) {
  const { IPRegistry, LicenseTerms, LicenseToken } = deployment.contracts;
  if (!IPRegistry || !LicenseTerms || !LicenseToken) return null;
  return { registry: IPRegistry, terms: LicenseTerms, licenses: LicenseToken };
}

const clients = new Map<string, PublicClient>();
/** One batching client per RPC URL: many reads of one render travel in few HTTP requests. */
export function chainClient(deployment: Deployment): PublicClient {
  let client = clients.get(deployment.rpcUrl);
  if (!client) {
    client = createPublicClient({ transport: http(deployment.rpcUrl, { batch: { batchSize: 200, wait: 2 }, retryCount: 1 }) });
    clients.set(deployment.rpcUrl, client);
  }
  return client;
}

let store: ReturnType<typeof createContentStore> | undefined;
const contentStore = () => (store ??= createContentStore());

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
  return (await contentStore().get("originals", cid).catch(() => undefined))?.previewCid;
}

export function createWorkReads(deployment: Deployment) {
  const p = protocolOf(deployment);
  const client = chainClient(deployment);
  const termsCache = new Map<bigint, Promise<Terms>>();

  const terms = (termsId: bigint) => {
    let cached = termsCache.get(termsId);
    if (!cached) {
      cached = client.readContract({ address: p!.terms, abi: licenseTermsAbi, functionName: "getTerms", args: [termsId] }) as Promise<Terms>;
      termsCache.set(termsId, cached);
    }
    return cached;
  };

  async function offers(ipId: bigint): Promise<Offer[]> {
    const ids = await client.readContract({ address: p!.licenses, abi: licenseTokenAbi, functionName: "attachedTerms", args: [ipId] });
    return Promise.all(
      ids.map(async (termsId) => {
        const [t, offer] = await Promise.all([
          terms(termsId),
          client.readContract({ address: p!.licenses, abi: licenseTokenAbi, functionName: "getOffer", args: [ipId, termsId] }),
        ]);
        return { termsId, terms: t, salesOpen: offer.attached && !offer.salesStopped, sold: Number(offer.sold) };
      }),
    );
  }

  async function work(ipId: bigint): Promise<WorkView | null> {
    if (!p) return null;
    const count = await client.readContract({ address: p.registry, abi: iPRegistryAbi, functionName: "ipCount" });
    if (ipId < 1n || ipId > count) return null;
    const [c, owner, on] = await Promise.all([
      client.readContract({ address: p.registry, abi: iPRegistryAbi, functionName: "certificate", args: [ipId] }),
      client.readContract({ address: p.registry, abi: iPRegistryAbi, functionName: "ownerOf", args: [ipId] }),
      offers(ipId),
    ]);
    const cid = cidText(c.contentCid);
    const metadataCid = cidText(c.metadataCid);
    const metadata = await readMetadata(metadataCid);
    return {
      ipId,
      kind: kinds[c.kind] ?? "Work",
      creator: c.creator,
      owner,
      birthTime: Number(c.birthTime),
      contentHash: c.contentHash,
      cid,
      metadataCid,
      c2paManifestHash: c.c2paManifestHash,
      royaltyBps: Number(c.royaltyBps),
      parents: c.parents.map((x) => ({ ipId: BigInt(x.ipId), licenseId: BigInt(x.licenseId), royaltyBps: Number(x.royaltyBps) })),
      metadata,
      previewCid: await previewOf(cid, metadata),
      offers: on,
    };
  }

  async function all(): Promise<WorkView[]> {
    if (!p) return [];
    const count = await client.readContract({ address: p.registry, abi: iPRegistryAbi, functionName: "ipCount" });
    const found = await Promise.all(Array.from({ length: Number(count) }, (_, i) => work(BigInt(i + 1))));
    return found.filter((w): w is WorkView => w !== null);
  }

  /** The birth certificate's transfer record and the licenses sold, rebuilt from the contracts' events. */
  async function history(ipId: bigint) {
    if (!p) return [];
    const fromBlock = BigInt(deployment.startBlock);
    const [transfers, sales] = await Promise.all([
      client.getContractEvents({ address: p.registry, abi: iPRegistryAbi, eventName: "Transfer", args: { tokenId: ipId }, fromBlock }),
      client.getContractEvents({ address: p.licenses, abi: licenseTokenAbi, eventName: "LicensePurchased", args: { ipId }, fromBlock }),
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
      [...new Set(events.map((e) => e.block))].map(async (b) => times.set(b, Number((await client.getBlock({ blockNumber: b })).timestamp))),
    );
    return events.map((e) => ({ ...e, time: times.get(e.block) ?? 0 }));
  }

  return { work, all, terms, history, client, protocol: p };
}

export type HistoryEntry = Awaited<ReturnType<ReturnType<typeof createWorkReads>["history"]>>[number];

/** The cheapest open offer that allows `use` (any use when none is given), or undefined. */
export function cheapestOffer(w: WorkView, use?: Use): Offer | undefined {
  return w.offers
    .filter((o) => o.salesOpen && (!use || termsAllow(o.terms, use)))
    .sort((a, b) => (a.terms.upfrontFee < b.terms.upfrontFee ? -1 : a.terms.upfrontFee > b.terms.upfrontFee ? 1 : 0))[0];
}

export function workTitle(w: Pick<WorkView, "ipId" | "metadata">): string {
  return w.metadata?.name || `IP #${w.ipId}`;
}
