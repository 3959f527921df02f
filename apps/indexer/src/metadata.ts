import { readFileSync } from "node:fs";
import path from "node:path";
import { parseWorkMetadata, type WorkMetadata } from "@ipnft/protocol/work-metadata";
import { indexerSettings } from "./settings";

/**
 * A work's metadata JSON (title, description, tags) from the gateway's content store, where uploads put it before
 * the registration is sent; null when it is not there (then the catalog shows the work by its id, as the app does).
 * Read synchronously: a file of a few hundred bytes takes microseconds, where a round trip through Node's thread pool
 * took milliseconds per registration under load, and handlers run one after another.
 */
export function readWorkMetadata(metadataCid: string): WorkMetadata | null {
  // CIDs are base32 text, but this name comes from the chain: never let it walk out of the shelf.
  if (!/^[a-z2-7]+$/.test(metadataCid)) return null;
  try {
    const file = path.join(indexerSettings().dataDir, "metadata", metadataCid);
    return parseWorkMetadata(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return null;
  }
}

/** The one lowercase text the catalog's search matches: title, tags and creator. */
export function searchTextOf(metadata: WorkMetadata | null, creator: string): string {
  return [metadata?.name ?? "", ...(metadata?.tags ?? []), creator].join(" ").toLowerCase();
}
