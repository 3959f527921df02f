import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { readDeployment, repoDeploymentsDir } from "@ipnft/protocol/deployment-file";
import { createPublicClient, http } from "viem";
import { repoRoot } from "./local-stack";
import { assertPortFree, type ProcessGroup, waitFor } from "./processes";

/**
 * The Ponder indexer for a deployment (`apps/indexer`), started so that it can never serve another chain's rows:
 * its database schema and PGlite directory are named after the hash of the deployment's start block (different for
 * every fresh chain, even at the same chain id and addresses) and a hash of the indexer's code (Ponder refuses a
 * schema written by other code). Older PGlite directories are pruned. Ponder runs inside a small restart loop, so an
 * exit (e.g. the chain was unreachable for a minute) brings it back; stopping the process group stops both.
 */
export interface IndexerOptions {
  port: number;
  /** Where `<chainId>.json` lives. Default: the repository's deployments/. */
  deploymentsDir?: string;
  chainId?: number;
  /** The gateway's content store, where works' metadata is read from. Default: <repo>/data. */
  dataDir?: string;
  /** Parent of the PGlite directories (one per chain and code). Default: apps/indexer/.ponder/pglite. */
  stateDir?: string;
  /** PostgreSQL instead of PGlite. */
  databaseUrl?: string;
  env?: NodeJS.ProcessEnv;
  quiet?: boolean;
  /** How long to wait for `/ready`. Default: 180 s. */
  readyTimeoutMs?: number;
}

export interface StartedIndexer {
  url: string;
  /** The database schema (and PGlite directory name) this chain and code are indexed under. */
  schema: string;
  pgliteDir?: string;
  /** The shell loop that restarts Ponder; Ponder is its child. */
  pid: number;
  output: () => string;
}

const indexerDir = path.join(repoRoot, "apps/indexer");
const bin = (name: string) => path.join(repoRoot, "node_modules/.bin", name);
const ponderBin = path.join(repoRoot, "node_modules/ponder/dist/esm/bin/ponder.js");

function* codeFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir).sort()) {
    if (entry === "node_modules" || entry === ".ponder" || entry === "generated" || entry === "test") continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* codeFiles(full);
    else if (/\.(ts|json)$/.test(entry)) yield full;
  }
}

/** A hash of everything that decides what the indexer writes: its sources and the ABIs it decodes with. */
export function indexerCodeHash(): string {
  const hash = createHash("sha256");
  const files = [...codeFiles(indexerDir), path.join(repoRoot, "packages/protocol/src/generated/abis.ts")];
  for (const file of files) hash.update(path.relative(repoRoot, file)).update(readFileSync(file));
  return hash.digest("hex");
}

/** `ipnft_<chain>_<code>`: a valid PostgreSQL schema name, unique per fresh chain and per indexer code. */
export async function indexerSchemaName(deploymentsDir: string, chainId: number): Promise<string> {
  const deployment = readDeployment(chainId, deploymentsDir);
  const client = createPublicClient({ transport: http(deployment.rpcUrl, { retryCount: 2 }) });
  const block = await client.getBlock({ blockNumber: BigInt(deployment.startBlock) });
  const chain = createHash("sha256").update(`${chainId}:${block.hash}`).digest("hex");
  return `ipnft_${chain.slice(0, 12)}_${indexerCodeHash().slice(0, 12)}`;
}

/** Removes PGlite directories of other chains or older code under `stateDir`. */
function pruneOldDirectories(stateDir: string, keep: string) {
  for (const entry of readdirSync(stateDir)) {
    if (entry !== keep && entry.startsWith("ipnft_"))
      rmSync(path.join(stateDir, entry), { recursive: true, force: true });
  }
}

export async function startIndexer(group: ProcessGroup, options: IndexerOptions): Promise<StartedIndexer> {
  await assertPortFree(options.port, "indexer");
  const chainId = options.chainId ?? 31337;
  const deploymentsDir = options.deploymentsDir ?? repoDeploymentsDir;
  const schema = await indexerSchemaName(deploymentsDir, chainId);
  const databaseUrl = options.databaseUrl ?? process.env.INDEXER_DATABASE_URL;
  let pgliteDir: string | undefined;
  if (!databaseUrl) {
    const stateDir = options.stateDir ?? path.join(indexerDir, ".ponder/pglite");
    mkdirSync(stateDir, { recursive: true });
    pruneOldDirectories(stateDir, schema);
    pgliteDir = path.join(stateDir, schema);
  }
  const env: NodeJS.ProcessEnv = {
    CHAIN_ID: String(chainId),
    DEPLOYMENTS_DIR: deploymentsDir,
    DATA_DIR: options.dataDir ?? process.env.DATA_DIR ?? path.join(repoRoot, "data"),
    PONDER_TELEMETRY_DISABLED: "true",
    ...options.env,
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else env.PONDER_PGLITE_DIR = pgliteDir;
  // The gateway's DATABASE_URL must not leak into the indexer: it gets its own (INDEXER_DATABASE_URL) or PGlite.
  const childEnv = { ...process.env, DATABASE_URL: undefined, ...env };

  // Ponder exits when the chain stays unreachable at start (about a minute): restart it, a second later.
  const args = ["start", "-H", "127.0.0.1", "-p", String(options.port), "--schema", schema];
  const loop = `while :; do "$0" "$@"; echo "indexer exited ($?), restarting" >&2; sleep 1; done`;
  const ponder = group.start("indexer", "sh", ["-c", loop, bin("node"), ponderBin, ...args], {
    cwd: indexerDir,
    env: childEnv,
    quiet: options.quiet ?? true,
  });
  const url = `http://127.0.0.1:${options.port}`;
  await waitFor(
    "the indexer",
    async () => (await fetch(`${url}/ready`)).ok,
    options.readyTimeoutMs ?? 180_000,
    () => (ponder.child.exitCode !== null ? ponder.output().slice(-2000) : null),
  );
  return { url, schema, pgliteDir, pid: ponder.child.pid ?? 0, output: ponder.output };
}
