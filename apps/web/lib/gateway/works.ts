import { CID } from "multiformats/cid";
import { type Address, type Hex, type PublicClient, hexToBytes } from "viem";
import { iPRegistryAbi, licenseTermsAbi, licenseTokenAbi } from "../../generated/abis.js";
import type { Deployment } from "../deployment.js";
import type { Offer, Terms, Work } from "./terms.js";

/**
 * Reads works from the chain: the birth certificate from IPRegistry, the attached terms from
 * LicenseToken and the terms themselves from LicenseTerms. Certificates and terms never change once
 * written, so they are cached for good; owners and whether an offer is on sale are read fresh.
 */
export interface ProtocolAddresses {
  registry: Address;
  terms: Address;
  licenses: Address;
}

export function protocolAddresses(deployment: Deployment): ProtocolAddresses {
  const { IPRegistry, LicenseTerms, LicenseToken } = deployment.contracts;
  if (!IPRegistry || !LicenseTerms || !LicenseToken) {
    throw new Error("The deployment file has no IPRegistry, LicenseTerms and LicenseToken: deploy the protocol first.");
  }
  return { registry: IPRegistry, terms: LicenseTerms, licenses: LicenseToken };
}

export interface Certificate {
  creator: Address;
  contentHash: Hex;
  cid: string;
  metadataCid: string;
  birthTime: number;
}

const cidText = (bytes: Hex) => CID.decode(hexToBytes(bytes)).toString();

export interface WorkReader {
  /** The birth certificate alone (cached for good): all a download needs, without a round trip. */
  certificate(ipId: bigint): Promise<(Certificate & { ipId: bigint }) | undefined>;
  /** The work, or undefined when no IP has that id. */
  work(ipId: bigint): Promise<Work | undefined>;
  terms(termsId: bigint): Promise<Terms>;
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
        const count = await client.readContract({ address: addresses.registry, abi: iPRegistryAbi, functionName: "ipCount" });
        if (ipId < 1n || ipId > count) return undefined;
        const c = await client.readContract({ address: addresses.registry, abi: iPRegistryAbi, functionName: "certificate", args: [ipId] });
        return {
          creator: c.creator,
          contentHash: c.contentHash,
          cid: cidText(c.contentCid),
          metadataCid: cidText(c.metadataCid),
          birthTime: Number(c.birthTime),
        };
      })();
      // Only a found certificate is final; an id not registered yet may be registered next block.
      cached.then((c) => c === undefined && certificates.delete(ipId), () => certificates.delete(ipId));
      certificates.set(ipId, cached);
    }
    return cached;
  }

  function terms(termsId: bigint): Promise<Terms> {
    let cached = termsById.get(termsId);
    if (!cached) {
      cached = client
        .readContract({ address: addresses.terms, abi: licenseTermsAbi, functionName: "getTerms", args: [termsId] })
        .then((t) => ({
          commercialUse: t.commercialUse,
          derivativesAllowed: t.derivativesAllowed,
          aiTrainingAllowed: t.aiTrainingAllowed,
          attributionRequired: t.attributionRequired,
          transferable: t.transferable,
          duration: Number(t.duration),
          maxLicenses: Number(t.maxLicenses),
          derivativeRoyaltyBps: Number(t.derivativeRoyaltyBps),
          minStreamRate: BigInt(t.minStreamRate),
          upfrontFee: BigInt(t.upfrontFee),
          currency: t.currency,
          pricePerUnit: BigInt(t.pricePerUnit),
          maxUnpaidUnits: BigInt(t.maxUnpaidUnits),
          legalTextURI: t.legalTextURI,
        }));
      cached.catch(() => termsById.delete(termsId));
      termsById.set(termsId, cached);
    }
    return cached;
  }

  async function offers(ipId: bigint): Promise<Offer[]> {
    const ids = await client.readContract({ address: addresses.licenses, abi: licenseTokenAbi, functionName: "attachedTerms", args: [ipId] });
    return Promise.all(
      ids.map(async (termsId) => {
        const [t, offer] = await Promise.all([
          terms(termsId),
          client.readContract({ address: addresses.licenses, abi: licenseTokenAbi, functionName: "getOffer", args: [ipId, termsId] }),
        ]);
        return { termsId, terms: t, salesOpen: offer.attached && !offer.salesStopped, sold: Number(offer.sold) };
      }),
    );
  }

  async function work(ipId: bigint): Promise<Work | undefined> {
    const cert = await certificate(ipId);
    if (!cert) return undefined;
    const [owner, on] = await Promise.all([
      client.readContract({ address: addresses.registry, abi: iPRegistryAbi, functionName: "ownerOf", args: [ipId] }),
      offers(ipId),
    ]);
    return { ipId, ...cert, owner, offers: on };
  }

  return {
    work,
    terms,
    async certificate(ipId) {
      const cert = await certificate(ipId);
      return cert && { ipId, ...cert };
    },
    async all() {
      const count = await client.readContract({ address: addresses.registry, abi: iPRegistryAbi, functionName: "ipCount" });
      const found = await Promise.all(Array.from({ length: Number(count) }, (_, i) => work(BigInt(i + 1))));
      return found.filter((w): w is Work => w !== undefined);
    },
  };
}

/** Only decimal ids of a sane size are ids: anything else in the URL is a 404, never a lookup. */
export function parseIpId(text: string): bigint | undefined {
  if (!/^[1-9][0-9]{0,18}$/.test(text)) return undefined;
  return BigInt(text);
}
