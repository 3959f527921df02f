import { and, eq } from "drizzle-orm";
import type { Hex } from "viem";
import type { GatewayDb } from "../db/database";
import { contentIndex } from "../db/schema";
import type { ContentStore, StoredFile } from "./store";

type Row = typeof contentIndex.$inferSelect;

const toFile = (row: Row): StoredFile => ({
  cid: row.cid,
  sha256: row.sha256 as Hex,
  size: row.size,
  mediaType: row.mediaType,
  ...(row.previewCid ? { previewCid: row.previewCid } : {}),
  storedAt: row.storedAt,
});

/**
 * The content store with its index in the gateway's database, for gateways sharing one content directory and one
 * database: the bytes land once on disk (the store links a flushed temp file into place, and linking fails when the
 * name exists), and the index row is inserted once (a conflict on (shelf, CID) means the same bytes were stored
 * already). So two gateways receiving the same upload at once store one file and one row, and both answer with the
 * same record; exactly one says it created it. Files stored before the index existed are indexed when first read.
 */
export function indexedContentStore(store: ContentStore, db: GatewayDb): ContentStore {
  const lookup = async (shelf: string, cid: string) => {
    const [row] = await db
      .select()
      .from(contentIndex)
      .where(and(eq(contentIndex.shelf, shelf), eq(contentIndex.cid, cid)));
    return row;
  };
  const index = async (shelf: string, file: StoredFile) =>
    db
      .insert(contentIndex)
      .values({ shelf, ...file, previewCid: file.previewCid ?? null })
      .onConflictDoNothing()
      .returning({ cid: contentIndex.cid });

  return {
    ...store,
    async put(shelf, bytes, info) {
      const { file } = await store.put(shelf, bytes, info);
      if ((await index(shelf, file)).length === 1) return { file, created: true };
      const row = await lookup(shelf, file.cid);
      return { file: row ? toFile(row) : file, created: false };
    },
    async get(shelf, cid) {
      const row = await lookup(shelf, cid);
      if (row) return toFile(row);
      const file = await store.get(shelf, cid);
      if (file) await index(shelf, file);
      return file;
    },
  };
}
