/**
 * The licensed-content part of the public summary of training content that Article 53(1)(d) of the AI Act asks of a
 * general-purpose AI model's provider, laid out after the European Commission's template of 24 July 2025: section 2.2.1
 * (content commercially licensed from rightsholders: what, from how many rightsholders, which modalities, over which
 * period, under which terms) and section 3.1 (how reservations of the text-and-data-mining exception were honoured),
 * plus the verifiable list behind it (CIDs, IP ids, license ids, settlement transactions) that anyone can check on chain.
 *
 * A pure function of what the client recorded: no I/O, import-safe from browser code, so the CLI, the MCP tool and the
 * licenses page print the same document. It is a draft: the provider's lawyers decide what is published.
 */

export const DRAFT_NOTICE = "Draft for the provider's legal review";

export const TEMPLATE = {
  title: "Template for the Public Summary of Training Content for general-purpose AI models",
  publisher: "European Commission (AI Office)",
  published: "2025-07-24",
  legalBasis: "Article 53(1)(d) of Regulation (EU) 2024/1689 (AI Act)",
} as const;

/** The modalities the template names. */
export const modalities = ["text", "image", "audio", "video", "other"] as const;
export type Modality = (typeof modalities)[number];

/** How a licensed file was paid for: a license purchase, an x402 payment, or a metered-usage settlement. */
export interface Settlement {
  kind: "license_purchase" | "x402_payment" | "usage_settlement";
  tx: string;
}

/** One licensed file the model's training data holds, as the client recorded it. */
export interface LicensedItem {
  cid: string;
  sha256: string;
  size: number;
  mediaType: string;
  ipId: string;
  /** Absent for a file paid per request (x402) without a license token. */
  licenseId?: string;
  termsId: string;
  /** The terms in words, as the protocol writes them. */
  terms: string;
  legalTextURI?: string;
  /** Who licensed it: the IP's creator (the rightsholder of record on chain). */
  rightsholder: string;
  /** Work, Style or Dataset. */
  kind?: string;
  /** ISO time the file was obtained. */
  obtainedAt: string;
  settlements: Settlement[];
  /** What the gateway declared for text and data mining when it served the file (W3C TDMRep, RSL). */
  tdm?: { reservation?: string; policy?: string; rsl?: string };
}

export interface SummaryInput {
  provider?: string;
  model?: string;
  chainId: number;
  /** Contract addresses a reader checks the list against. */
  registry?: string;
  licenseToken?: string;
  gateway?: string;
  items: LicensedItem[];
  /** Fixed for reproducible output; defaults to now. */
  generatedAt?: string;
}

export interface TrainingSummary {
  status: typeof DRAFT_NOTICE;
  template: typeof TEMPLATE;
  generatedAt: string;
  /** Template section 1: who and which model (filled in by the provider). */
  general: { provider: string; model: string };
  /** Template section 2.2.1. */
  licensedFromRightsholders: {
    concludedLicensingAgreements: boolean;
    rightsholders: number;
    works: number;
    files: number;
    bytes: number;
    modalities: Array<{ modality: Modality; files: number; bytes: number }>;
    kinds: Array<{ kind: string; works: number }>;
    period: { from: string; to: string } | null;
    terms: Array<{ termsId: string; terms: string; legalTextURI?: string; files: number }>;
    acquisition: Array<{ kind: Settlement["kind"]; transactions: number }>;
  };
  /** Template section 3.1. */
  tdmReservations: {
    filesWithReservation: number;
    filesWithoutDeclaration: number;
    honoured: string;
    protocols: string[];
  };
  /** Everything above, item by item, checkable on chain. */
  verifiableList: {
    chainId: number;
    registry?: string;
    licenseToken?: string;
    gateway?: string;
    howToVerify: string;
    items: Array<Omit<LicensedItem, "size" | "mediaType"> & { modality: Modality; bytes: number }>;
  };
}

/** The template's modality of a media type. */
export function modalityOf(mediaType: string): Modality {
  const type = mediaType.toLowerCase().split(";")[0].trim();
  const top = type.split("/")[0];
  if (top === "image" || top === "audio" || top === "video" || top === "text") return top;
  if (/^application\/(json|pdf|xml|x-ndjson|epub\+zip|msword|vnd\.openxmlformats.*)$/.test(type)) return "text";
  return "other";
}

const countBy = <T>(list: readonly T[], key: (t: T) => string) => {
  const counts = new Map<string, T[]>();
  for (const item of list) counts.set(key(item), [...(counts.get(key(item)) ?? []), item]);
  return counts;
};

/** Builds the summary; items listed twice (the same CID under the same license) count once. */
export function trainingSummary(input: SummaryInput): TrainingSummary {
  const unique = [...new Map(input.items.map((i) => [`${i.cid}/${i.licenseId ?? i.ipId}`, i])).values()].sort(
    (a, b) => a.obtainedAt.localeCompare(b.obtainedAt) || a.cid.localeCompare(b.cid),
  );
  const byModality = countBy(unique, (i) => modalityOf(i.mediaType));
  const byWork = new Map(unique.map((i) => [i.ipId, i]));
  const byTerms = countBy(unique, (i) => i.termsId);
  const settlements = [...new Map(unique.flatMap((i) => i.settlements).map((s) => [s.tx.toLowerCase(), s])).values()];
  const reserved = unique.filter((i) => i.tdm?.reservation === "1").length;
  const undeclared = unique.filter((i) => i.tdm?.reservation === undefined).length;
  return {
    status: DRAFT_NOTICE,
    template: TEMPLATE,
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    general: {
      provider: input.provider ?? "(the provider's name, to be filled in)",
      model: input.model ?? "(the model's name and version, to be filled in)",
    },
    licensedFromRightsholders: {
      concludedLicensingAgreements: unique.length > 0,
      rightsholders: new Set(unique.map((i) => i.rightsholder.toLowerCase())).size,
      works: byWork.size,
      files: unique.length,
      bytes: unique.reduce((sum, i) => sum + i.size, 0),
      modalities: modalities.flatMap((modality) => {
        const files = byModality.get(modality) ?? [];
        return files.length ? [{ modality, files: files.length, bytes: files.reduce((s, i) => s + i.size, 0) }] : [];
      }),
      kinds: [...countBy([...byWork.values()], (i) => i.kind ?? "Work")].map(([kind, works]) => ({
        kind,
        works: works.length,
      })),
      period: unique.length ? { from: unique[0].obtainedAt, to: unique[unique.length - 1].obtainedAt } : null,
      terms: [...byTerms].map(([termsId, files]) => ({
        termsId,
        terms: files[0].terms,
        ...(files[0].legalTextURI ? { legalTextURI: files[0].legalTextURI } : {}),
        files: files.length,
      })),
      acquisition: (["license_purchase", "x402_payment", "usage_settlement"] as const).flatMap((kind) => {
        const transactions = settlements.filter((s) => s.kind === kind).length;
        return transactions ? [{ kind, transactions }] : [];
      }),
    },
    tdmReservations: {
      filesWithReservation: reserved,
      filesWithoutDeclaration: undeclared,
      honoured:
        `${reserved} of ${unique.length} file(s) were served with a rights reservation (W3C TDMRep ` +
        "tdm-reservation: 1, with an RSL license link); each was used only under a license or payment whose terms " +
        "allow AI training, recorded on chain. No file was obtained by crawling around a reservation.",
      protocols: ["W3C TDMRep (tdm-reservation, tdm-policy, /.well-known/tdmrep.json)", "RSL 1.0 (license.rsl)"],
    },
    verifiableList: {
      chainId: input.chainId,
      ...(input.registry ? { registry: input.registry } : {}),
      ...(input.licenseToken ? { licenseToken: input.licenseToken } : {}),
      ...(input.gateway ? { gateway: input.gateway } : {}),
      howToVerify:
        "For each item: the IP registry's certificate(ipId) holds the file's SHA-256 and CID; the license token's " +
        "ownerOf(licenseId) and its terms show the license; each settlement transaction is on the chain named above.",
      items: unique.map(({ size, mediaType, ...rest }) => ({ ...rest, modality: modalityOf(mediaType), bytes: size })),
    },
  };
}
