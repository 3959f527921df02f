import type { Address, Hex, PublicClient } from "viem";
import { cidText } from "./content/cid";
import type { Deployment } from "./deployment";
import { disputesAbi, iPRegistryAbi, licenseTermsAbi, licenseTokenAbi } from "./generated/abis";
import { licensePrice, type Offer, type Terms, termsAllow, type Use } from "./terms";
import { type Kind, kinds } from "./work-metadata";

/**
 * Reads works from the chain, for the pages and the gateway alike: the birth certificate from IPRegistry, the
 * attached terms from LicenseToken and the terms themselves from LicenseTerms. Certificates and terms never change
 * once written, so they are cached for good; owners and whether an offer is on sale are read fresh.
 */
export interface ProtocolAddresses {
  registry: Address;
  terms: Address;
  licenses: Address;
  /** Where disputes pause an IP's sales (absent on a deployment from before disputes). */
  disputes?: Address;
}

/** The licensing contracts of a deployment, or undefined when the protocol is not deployed there. */
export function protocolAddresses(deployment: Deployment): ProtocolAddresses | undefined {
  const { IPRegistry, LicenseTerms, LicenseToken, Disputes } = deployment.contracts;
  if (!IPRegistry || !LicenseTerms || !LicenseToken) return undefined;
  return { registry: IPRegistry, terms: LicenseTerms, licenses: LicenseToken, disputes: Disputes };
}

/** A parent a derivative was registered from, and the royalty it is owed. */
export interface ParentLink {
  ipId: bigint;
  licenseId: bigint;
  royaltyBps: number;
}

/** The birth certificate, with CIDs as text. */
export interface Certificate {
  ipId: bigint;
  kind: Kind;
  creator: Address;
  /** SHA-256 of the original, as registered. */
  contentHash: Hex;
  /** Base32 CIDv1 of the original, as registered. */
  cid: string;
  metadataCid: string;
  c2paManifestHash: Hex;
  birthTime: number;
  royaltyBps: number;
  parents: ParentLink[];
}

/** A registered work: its certificate, its owner and its offers. */
export interface Work extends Certificate {
  owner: Address;
  offers: Offer[];
  /** The dispute that pauses new licenses now ("open") or stopped them for good ("flagged"), if any. */
  dispute?: WorkDispute;
}

/** A dispute that pauses a work's new licenses, derivatives and share sales. */
export interface WorkDispute {
  disputeId: bigint;
  state: "open" | "flagged";
}

/** Why a work sells no new license because of a dispute, in words (for a 402's reason, a page, an agent). */
export function disputeWords(ipId: bigint, dispute: WorkDispute): string {
  return dispute.state === "open"
    ? `New licenses of IP ${ipId} are paused while dispute ${dispute.disputeId} is open.`
    : `IP ${ipId} was flagged when dispute ${dispute.disputeId} was upheld: it sells no new licenses.`;
}

export interface WorkReader {
  /** The birth certificate alone (cached for good): all a download needs, without a round trip. */
  certificate(ipId: bigint): Promise<Certificate | undefined>;
  /** The work, or undefined when no IP has that id. */
  work(ipId: bigint): Promise<Work | undefined>;
  terms(termsId: bigint): Promise<Terms>;
  offers(ipId: bigint): Promise<Offer[]>;
  /** Every registered work, oldest first. */
  all(): Promise<Work[]>;
}

export function createWorkReader(client: PublicClient, addresses: ProtocolAddresses): WorkReader {
  const certificates = new Map<bigint, Promise<Certificate | undefined>>();
  const termsById = new Map<bigint, Promise<Terms>>();

  function certificate(ipId: bigint): Promise<Certificate | undefined> {
    let cached = certificates.get(ipId);
    if (!cached) {
      cached = (async () => {
        const count = await client.readContract({
          address: addresses.registry,
          abi: iPRegistryAbi,
          functionName: "ipCount",
        });
        if (ipId < 1n || ipId > count) return undefined;
        const c = await client.readContract({
          address: addresses.registry,
          abi: iPRegistryAbi,
          functionName: "certificate",
          args: [ipId],
        });
        return {
          ipId,
          kind: kinds[c.kind] ?? "Work",
          creator: c.creator,
          contentHash: c.contentHash,
          cid: cidText(c.contentCid),
          metadataCid: cidText(c.metadataCid),
          c2paManifestHash: c.c2paManifestHash,
          birthTime: Number(c.birthTime),
          royaltyBps: Number(c.royaltyBps),
          parents: c.parents.map((p) => ({ ipId: p.ipId, licenseId: p.licenseId, royaltyBps: Number(p.royaltyBps) })),
        };
      })();
      // Only a found certificate is final; an id not registered yet may be registered next block.
      cached.then(
        (c) => c === undefined && certificates.delete(ipId),
        () => certificates.delete(ipId),
      );
      certificates.set(ipId, cached);
    }
    return cached;
  }

  function terms(termsId: bigint): Promise<Terms> {
    let cached = termsById.get(termsId);
    if (!cached) {
      cached = client.readContract({
        address: addresses.terms,
        abi: licenseTermsAbi,
        functionName: "getTerms",
        args: [termsId],
      });
      cached.catch(() => termsById.delete(termsId));
      termsById.set(termsId, cached);
    }
    return cached;
  }

  /** The dispute that pauses the IP's new licenses now (open), or for good (upheld), if any. */
  async function disputeOf(ipId: bigint): Promise<WorkDispute | undefined> {
    if (!addresses.disputes) return undefined;
    const [open, flaggedBy] = await client.readContract({
      address: addresses.disputes,
      abi: disputesAbi,
      functionName: "pauseOf",
      args: [ipId],
    });
    if (flaggedBy !== 0n) return { disputeId: flaggedBy, state: "flagged" };
    return open !== 0n ? { disputeId: open, state: "open" } : undefined;
  }

  /** The IP's offers; none is on sale while a dispute pauses the IP (LicenseToken refuses the purchase then). */
  async function offers(ipId: bigint, dispute?: Promise<WorkDispute | undefined>): Promise<Offer[]> {
    const [ids, paused] = await Promise.all([
      client.readContract({
        address: addresses.licenses,
        abi: licenseTokenAbi,
        functionName: "attachedTerms",
        args: [ipId],
      }),
      dispute ?? disputeOf(ipId),
    ]);
    return Promise.all(
      ids.map(async (termsId) => {
        const [t, offer] = await Promise.all([
          terms(termsId),
          client.readContract({
            address: addresses.licenses,
            abi: licenseTokenAbi,
            functionName: "getOffer",
            args: [ipId, termsId],
          }),
        ]);
        const salesOpen = offer.attached && !offer.salesStopped && !paused;
        return { termsId, terms: t, salesOpen, sold: Number(offer.sold) };
      }),
    );
  }

  async function work(ipId: bigint): Promise<Work | undefined> {
    const cert = await certificate(ipId);
    if (!cert) return undefined;
    const dispute = disputeOf(ipId);
    const [owner, on, pausedBy] = await Promise.all([
      client.readContract({ address: addresses.registry, abi: iPRegistryAbi, functionName: "ownerOf", args: [ipId] }),
      offers(ipId, dispute),
      dispute,
    ]);
    return pausedBy ? { ...cert, owner, offers: on, dispute: pausedBy } : { ...cert, owner, offers: on };
  }

  return {
    work,
    terms,
    offers: (ipId) => offers(ipId),
    certificate,
    async all() {
      const count = await client.readContract({
        address: addresses.registry,
        abi: iPRegistryAbi,
        functionName: "ipCount",
      });
      const found = await Promise.all(Array.from({ length: Number(count) }, (_, i) => work(BigInt(i + 1))));
      return found.filter((w): w is Work => w !== undefined);
    },
  };
}

/** Only decimal ids of a sane size are ids: anything else in a URL is a 404, never a lookup. */
export function parseIpId(text: string): bigint | undefined {
  if (!/^[1-9][0-9]{0,18}$/.test(text)) return undefined;
  return BigInt(text);
}

/** The cheapest open offer that allows `use` (any use when none is given), or undefined. */
export function cheapestOffer(offers: readonly Offer[], use?: Use): Offer | undefined {
  return offers
    .filter((o) => o.salesOpen && (!use || termsAllow(o.terms, use)))
    .map((o) => ({ o, price: licensePrice(o.terms) }))
    .sort((a, b) => (a.price < b.price ? -1 : a.price > b.price ? 1 : 0))[0]?.o;
}
