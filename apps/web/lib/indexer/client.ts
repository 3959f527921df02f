import "server-only";
import * as schema from "@ipnft/indexer/schema";
import type { Deployment } from "@ipnft/protocol/deployment";
import { createClient } from "@ponder/client";
import type { ReadonlyDrizzle } from "ponder";
import { chainClient } from "@/lib/works.server";
import { type IndexerState, indexerState, type PonderStatus } from "./status";

/**
 * The app's one reader of the indexer (server only): Ponder's SQL over HTTP with the indexer's own schema, so every
 * query is a typed drizzle query, never a SQL string. `INDEXER_URL` (see .env.example) is read once, here.
 */
export const indexerUrl = (process.env.INDEXER_URL || "http://127.0.0.1:4269").replace(/\/+$/, "");

export const indexer = createClient(`${indexerUrl}/sql`, { schema });
/**
 * The client's query builder, typed with the drizzle copy the schema was built with: npm keeps one drizzle-orm for
 * ponder and another for @ponder/client (the root's is the gateway's newer one), and TypeScript would hold their
 * identical classes apart. At run time drizzle recognises its objects by kind, not by copy.
 */
export const db = indexer.db as unknown as ReadonlyDrizzle<typeof schema>;
export { schema };

/** How long a page waits for the indexer's status before saying it is not reachable. */
const STATUS_TIMEOUT_MS = 1_500;

async function ponderStatus(): Promise<PonderStatus | undefined> {
  try {
    const response = await fetch(`${indexerUrl}/status`, {
      signal: AbortSignal.timeout(STATUS_TIMEOUT_MS),
      cache: "no-store",
    });
    return response.ok ? ((await response.json()) as PonderStatus) : undefined;
  } catch {
    return undefined;
  }
}

/** The indexer's progress against the chain's head: one request to each, whatever the page shows. */
export async function readIndexerState(deployment: Deployment): Promise<IndexerState> {
  const [status, head] = await Promise.all([
    ponderStatus(),
    chainClient(deployment)
      .getBlockNumber()
      .then(Number)
      .catch(() => undefined),
  ]);
  return indexerState(status, deployment.chainId, head);
}
