/**
 * A seeded work's files, as an upload through the gateway leaves them: the drawn PNG original, its public preview
 * and the metadata JSON, all in the gateway's content store; and the identity a registration names (SHA-256 and
 * CIDs). The demo seed and the bulk seeder both make their works here.
 */
import { makePreview } from "@ipnft/gateway/content/preview";
import type { ContentStore } from "@ipnft/gateway/content/store";
import { imageHashHex } from "@ipnft/gateway/similarity/hash";
import { cidBytes, rawCidOf } from "@ipnft/protocol/content";
import type { Kind, WorkMetadata } from "@ipnft/protocol/work-metadata";
import type { Address, Hex } from "viem";
import { artworkPng } from "./images";

export interface ArtworkInput {
  /** Draws the image: the same seed and title give the same bytes. */
  seed: number;
  title: string;
  description: string;
  kind: Kind;
  tags: string[];
  creator: Address;
  createdAt: Date;
  /** The original's side in pixels; 768 by default. */
  size?: number;
}

export interface StoredArtwork {
  contentHash: Hex;
  /** Binary CIDv1s, as a registration takes them. */
  contentCid: Hex;
  metadataCid: Hex;
}

export async function storeArtwork(store: ContentStore, work: ArtworkInput): Promise<StoredArtwork> {
  const png = await artworkPng(work.seed, work.title, work.size);
  const preview = await makePreview(png);
  const previewCid = preview.ok
    ? (await store.put("previews", preview.bytes, { mediaType: preview.mediaType })).file.cid
    : undefined;
  const original = (await store.put("originals", png, { mediaType: "image/png", previewCid })).file;
  const metadata: WorkMetadata = {
    name: work.title,
    description: work.description,
    kind: work.kind,
    media: { cid: original.cid, sha256: original.sha256, mediaType: "image/png", size: png.length },
    ...(previewCid ? { preview: previewCid } : {}),
    image: `ipfs://${original.cid}`,
    creator: work.creator,
    createdAt: work.createdAt.toISOString(),
    tags: work.tags,
    perceptualHash: await imageHashHex(png),
  };
  const metadataBytes = new TextEncoder().encode(JSON.stringify(metadata));
  await store.put("metadata", metadataBytes, { mediaType: "application/json" });
  return {
    contentHash: original.sha256,
    contentCid: cidBytes(original.cid),
    metadataCid: cidBytes(await rawCidOf(metadataBytes)),
  };
}
