import { readdir } from "node:fs/promises";
import path from "node:path";
import { iPRegistryAbi } from "@ipnft/protocol/abis";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Address, Hex, PublicClient } from "viem";
import { parseCid } from "../content/cid";
import { previewableTypes } from "../content/sniff";
import type { ContentStore } from "../content/store";
import type { GatewayDb } from "../db/database";
import { contentIndex } from "../db/schema";
import { hashHex, type ImageHash, MATCH_DISTANCE, parseHashHex, workHashes } from "./hash";
import { HashIndex } from "./hash-index";

/**
 * The near-duplicate index of a gateway: the perceptual hashes of every stored original image, kept in the content
 * index (`content_index.perceptual_hashes`) and in memory (`HashIndex`), and which registered work each belongs to.
 *
 * - An upload's hashes are written to its row and added in memory at once.
 * - Rows other gateways sharing the database wrote are picked up on a lookup at most `refreshMs` after they land (a
 *   count of hashed rows tells whether anything is new, so an idle refresh costs one cheap query).
 * - Originals stored before hashing existed, or by the seed straight to disk, are hashed in the background after
 *   start, one at a time.
 * - Only registered works are answered: a hash is tied to its work through `IPRegistry.ipIdOfContentHash`, read once
 *   per SHA-256 and kept when found (a registration never goes away).
 */
export interface RegisteredNear {
  ipId: bigint;
  sha256: Hex;
  distance: number;
}

export interface SimilarityIndex {
  /** Writes a stored original's hashes to its row and to memory. */
  remember(sha256: Hex, cid: string, hashes: readonly ImageHash[]): Promise<void>;
  /** Registered works within `MATCH_DISTANCE` bits of any query hash, nearest first. */
  near(query: readonly ImageHash[], limit: number): Promise<RegisteredNear[]>;
  /** How many originals are indexed. */
  size(): Promise<number>;
  /** Hashes originals stored without hashes (the background pass after start); resolves when done. */
  backfill(): Promise<void>;
  close(): Promise<void>;
}

export interface SimilarityIndexOptions {
  db: GatewayDb;
  store: ContentStore;
  client: PublicClient;
  registry: Address;
  /** How stale the in-memory index may be against the database, in ms (10 s unless told). */
  refreshMs?: number;
  /** Whether to hash old originals in the background after start (yes unless told). */
  backfill?: boolean;
}

export function createSimilarityIndex(options: SimilarityIndexOptions): SimilarityIndex {
  const { db, store, client, registry } = options;
  const refreshMs = options.refreshMs ?? 10_000;
  const index = new HashIndex();
  const ipIds = new Map<Hex, bigint>();
  let loadedCount = -1;
  let loadedAt = 0;
  let loading: Promise<void> | undefined;
  let backfilling: Promise<void> | undefined;
  let closed = false;

  const hashedRows = and(eq(contentIndex.shelf, "originals"), isNotNull(contentIndex.perceptualHashes));

  function addRow(sha256: string, hashes: readonly string[] | null): void {
    const parsed = (hashes ?? []).map(parseHashHex).filter((h): h is ImageHash => h !== undefined);
    index.add(sha256, parsed);
  }

  /** Reads rows the memory does not hold yet, when the count of hashed rows says there are some. */
  async function load(): Promise<void> {
    const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(contentIndex).where(hashedRows);
    if (count !== loadedCount) {
      const keys = await db.select({ sha256: contentIndex.sha256 }).from(contentIndex).where(hashedRows);
      const missing = keys.map((k) => k.sha256).filter((sha) => !index.has(sha));
      for (let i = 0; i < missing.length; i += 500) {
        const rows = await db
          .select({ sha256: contentIndex.sha256, hashes: contentIndex.perceptualHashes })
          .from(contentIndex)
          .where(and(hashedRows, inArray(contentIndex.sha256, missing.slice(i, i + 500))));
        for (const row of rows) addRow(row.sha256, row.hashes);
      }
      loadedCount = count;
    }
    loadedAt = Date.now();
  }

  /** The first lookup waits for the first load; later ones use memory and refresh it behind them when stale. */
  async function fresh(): Promise<void> {
    if (loadedCount < 0) {
      loading ??= load().finally(() => {
        loading = undefined;
      });
      await loading;
      if (options.backfill !== false) void backfill();
    } else if (Date.now() - loadedAt > refreshMs && !loading) {
      loading = load()
        .catch(() => {})
        .finally(() => {
          loading = undefined;
        });
    }
  }

  async function ipIdOf(sha256: Hex): Promise<bigint> {
    const known = ipIds.get(sha256);
    if (known) return known;
    const ipId = await client.readContract({
      address: registry,
      abi: iPRegistryAbi,
      functionName: "ipIdOfContentHash",
      args: [sha256],
    });
    if (ipId !== 0n) ipIds.set(sha256, ipId);
    return ipId;
  }

  async function remember(sha256: Hex, cid: string, hashes: readonly ImageHash[]): Promise<void> {
    const hex = hashes.map(hashHex);
    await db
      .update(contentIndex)
      .set({ perceptualHashes: hex })
      .where(and(eq(contentIndex.shelf, "originals"), eq(contentIndex.cid, cid)));
    addRow(sha256, hex);
  }

  /** Originals on disk whose row has no hashes (or no row yet): hashed one at a time. */
  async function runBackfill(): Promise<void> {
    const names = await readdir(path.join(store.dataDir, "originals")).catch(() => [] as string[]);
    for (const cid of names.filter((name) => parseCid(name))) {
      if (closed) return;
      const file = await store.get("originals", cid);
      if (!file || index.has(file.sha256) || !previewableTypes.has(file.mediaType)) continue;
      const [row] = await db
        .select({ hashes: contentIndex.perceptualHashes })
        .from(contentIndex)
        .where(and(eq(contentIndex.shelf, "originals"), eq(contentIndex.cid, cid)));
      if (row?.hashes) {
        addRow(file.sha256, row.hashes);
        continue;
      }
      const hashes = await workHashes(await store.read("originals", cid));
      if (hashes && !closed) await remember(file.sha256, cid, hashes);
    }
  }

  function backfill(): Promise<void> {
    backfilling ??= runBackfill().catch((error) => {
      if (!closed) console.error(`perceptual hash backfill stopped: ${(error as Error).message}`);
    });
    return backfilling;
  }

  return {
    remember,
    async near(query, limit) {
      await fresh();
      const found: RegisteredNear[] = [];
      // Nearest first; unregistered uploads are skipped, so look a little further than asked.
      for (const near of index.nearest(query, MATCH_DISTANCE, Math.max(limit * 4, 20))) {
        const sha256 = near.key as Hex;
        const ipId = await ipIdOf(sha256);
        if (ipId !== 0n) found.push({ ipId, sha256, distance: near.distance });
        if (found.length === limit) break;
      }
      return found;
    },
    async size() {
      await fresh();
      return index.size;
    },
    async backfill() {
      await fresh();
      await backfill();
    },
    async close() {
      closed = true;
      await Promise.all([loading, backfilling]);
    },
  };
}
