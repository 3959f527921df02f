import path from "node:path";
import type { Deployment } from "@ipnft/protocol/deployment";
import { readDeployment, repoDeploymentsDir } from "@ipnft/protocol/deployment-file";

/**
 * The indexer's environment, read once (documented in `.env.example`; `scripts/stack/indexer.ts` sets it):
 * - `CHAIN_ID` and `DEPLOYMENTS_DIR`: the deployment file to index (`$DEPLOYMENTS_DIR/<CHAIN_ID>.json`).
 * - `DATA_DIR`: the gateway's content store, where works' metadata JSON (title, tags) is read from.
 * - `DATABASE_URL`: PostgreSQL; unset, PGlite in `PONDER_PGLITE_DIR` (the launcher names it per chain and code).
 */
const repoRoot = path.resolve(repoDeploymentsDir, "..");
const fromRoot = (p: string) => path.resolve(repoRoot, p);

export interface IndexerSettings {
  deployment: Deployment;
  dataDir: string;
  database: { kind: "postgres"; connectionString: string } | { kind: "pglite"; directory: string };
}

let settings: IndexerSettings | undefined;

export function indexerSettings(env: NodeJS.ProcessEnv = process.env): IndexerSettings {
  if (settings) return settings;
  const chainId = Number(env.CHAIN_ID ?? 31337);
  if (!Number.isInteger(chainId)) throw new Error(`CHAIN_ID must be a chain id, not ${env.CHAIN_ID}`);
  const deploymentsDir = env.DEPLOYMENTS_DIR ? fromRoot(env.DEPLOYMENTS_DIR) : repoDeploymentsDir;
  settings = {
    deployment: readDeployment(chainId, deploymentsDir),
    dataDir: fromRoot(env.DATA_DIR ?? "data"),
    database: env.DATABASE_URL
      ? { kind: "postgres", connectionString: env.DATABASE_URL }
      : { kind: "pglite", directory: fromRoot(env.PONDER_PGLITE_DIR ?? "apps/indexer/.ponder/pglite") },
  };
  return settings;
}
