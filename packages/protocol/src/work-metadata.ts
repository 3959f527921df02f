import type { Address, Hex } from "viem";

/** What an IP-NFT stands for, in `IIPRegistry.Kind` order. */
export const kinds = ["Work", "Style", "Dataset"] as const;
export type Kind = (typeof kinds)[number];
export const kindWords: Record<Kind, string> = {
  Work: "A work: one finished piece",
  Style: "A style: the reference set that defines how you make things",
  Dataset: "A dataset: a collection meant for training",
};

/**
 * The metadata JSON of an IP (its `metadataCid` on chain, stored by the gateway): title, description,
 * media CID, creator and creation date, plus the public preview the catalog shows.
 */
export interface WorkMetadata {
  name: string;
  description: string;
  kind: Kind;
  /** The original file: its CID, SHA-256, type and size. */
  media: { cid: string; sha256: Hex; mediaType: string; size: number };
  /** CID of the public low-resolution preview, when the original is an image. */
  preview?: string;
  /** `ipfs://` URI of the original, for wallets that read ERC-721 metadata. */
  image: string;
  creator: Address;
  createdAt: string;
  tags: string[];
  /**
   * The original's 64-bit perceptual hash (16 hex digits) as the gateway computed it on upload, when it is an image:
   * what the indexer keeps for near-duplicate search. The gateway's own index recomputes it from the bytes.
   */
  perceptualHash?: string;
}

/** Reads metadata JSON defensively: a work with broken metadata still shows, named by its id. */
export function parseWorkMetadata(json: unknown): WorkMetadata | null {
  if (!json || typeof json !== "object") return null;
  const m = json as Partial<WorkMetadata>;
  if (typeof m.name !== "string" || !m.media || typeof m.media.cid !== "string") return null;
  return {
    name: m.name.slice(0, 200),
    description: typeof m.description === "string" ? m.description.slice(0, 4000) : "",
    kind: kinds.includes(m.kind as Kind) ? (m.kind as Kind) : "Work",
    media: m.media,
    preview: typeof m.preview === "string" ? m.preview : undefined,
    image: typeof m.image === "string" ? m.image : `ipfs://${m.media.cid}`,
    creator: m.creator as Address,
    createdAt: typeof m.createdAt === "string" ? m.createdAt : "",
    tags: Array.isArray(m.tags) ? m.tags.filter((t): t is string => typeof t === "string").slice(0, 12) : [],
    ...(typeof m.perceptualHash === "string" && /^[0-9a-f]{16}$/.test(m.perceptualHash)
      ? { perceptualHash: m.perceptualHash }
      : {}),
  };
}
