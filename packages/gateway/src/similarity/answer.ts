import type { Address } from "viem";
import type { OfferForSale } from "../api";

/** Refusals of near-duplicate search and of the registration guard (see `ErrorCode`). */
export type SimilarityRefusal = "near_duplicate" | "not_an_image";

/** A registered work an image most likely derives from. */
export interface SimilarWork {
  ipId: bigint;
  /** 0–1: 1 for the same picture; matches start at 0.75 (8 of the 64 hash bits apart). */
  similarity: number;
  /** Bits apart of the two perceptual hashes (0–64). */
  distance: number;
  /** The work's name from its metadata, when the gateway holds it. */
  name?: string;
  kind: string;
  creator: Address;
  owner: Address;
  cid: string;
  birthTime: number;
  /** The app's page of the certificate and its licenses (a path on the app's origin). */
  certificatePath: string;
  /** The terms on offer, in words and machine-readable. */
  offers: OfferForSale[];
}

/** POST /api/similar: the certificates an image most likely derives from, nearest first (empty when none). */
export interface SimilarAnswer {
  matches: SimilarWork[];
  /** The least similarity that counts as a match. */
  threshold: number;
  /** How many stored originals were searched. */
  searched: number;
}

/** A derivative the uploader may register: the work it copies, and the license of it that allows derivatives. */
export interface DeriveFrom {
  ipId: bigint;
  licenseId: bigint;
  similarity: number;
}

/**
 * On an upload that looks like registered works: the works (flagged to the registrant), and the ones it must be
 * registered as a derivative of (another creator's work the uploader holds a derivative license of).
 */
export interface UploadSimilarity {
  matches: SimilarWork[];
  deriveFrom: DeriveFrom[];
}

/** 409 `near_duplicate`: the upload copies another creator's work the uploader holds no derivative license of. */
export interface NearDuplicateRefusal {
  error: "near_duplicate";
  reason: string;
  work: SimilarWork;
  matches: SimilarWork[];
}
