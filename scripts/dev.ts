/**
 * `npm run dev`: a fresh local chain on 127.0.0.1:8545 (a block a second), the real Superfluid
 * framework and our contracts deployed on it, demo data, the indexer on :4269 and the web app on :3000.
 * Ctrl-C stops everything it started. Each run starts from a fresh chain and rewrites the
 * deployment file, which the app reads on every request, so it never points at stale addresses.
 */
import path from "node:path";
import { devSettlementKey } from "@ipnft/gateway/dev-settler";
import { seedDemo } from "./seed/index";
import { devContentCredentialsEnv } from "./stack/content-credentials";
import { startIndexer } from "./stack/indexer";
import { compileContracts, deployToNode, repoRoot, startNode, startWeb } from "./stack/local-stack";
import { ProcessGroup } from "./stack/processes";

const CHAIN_PORT = Number(process.env.CHAIN_PORT ?? 8545);
const WEB_PORT = Number(process.env.WEB_PORT ?? 3000);
const INDEXER_PORT = Number(process.env.INDEXER_PORT ?? 4269);

const group = new ProcessGroup();
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping the web app, the indexer and the local chain…");
  await group.stopAll();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

try {
  const started = Date.now();
  compileContracts();
  const { rpcUrl } = await startNode(group, CHAIN_PORT);
  console.log(`Local chain on ${rpcUrl} (chain id 31337, a block every second)`);
  const { deployment, file } = await deployToNode(rpcUrl);
  console.log(`Deployed Superfluid and our contracts; addresses in ${file}`);
  await seedDemo(deployment);
  console.log("Demo data seeded. Starting the indexer and the web app…");
  const indexerUrl = `http://127.0.0.1:${INDEXER_PORT}`;
  // Both at once: the web app reads the indexer at INDEXER_URL, and shows "catching up" until it is ready.
  const [indexer, { url }] = await Promise.all([
    startIndexer(group, { port: INDEXER_PORT }),
    // The gateway binds sign-in sessions to this origin (Next itself reports 127.0.0.1 as localhost).
    startWeb(group, {
      port: WEB_PORT,
      mode: "dev",
      env: {
        INDEXER_URL: indexerUrl,
        GATEWAY_PRIVATE_KEY: process.env.GATEWAY_PRIVATE_KEY ?? devSettlementKey(),
        ...(process.env.GATEWAY_C2PA_CERT
          ? {}
          : await devContentCredentialsEnv(path.resolve(repoRoot, process.env.DATA_DIR ?? "data"))),
        GATEWAY_PUBLIC_ORIGIN:
          process.env.GATEWAY_PUBLIC_ORIGIN ?? `http://127.0.0.1:${WEB_PORT},http://localhost:${WEB_PORT}`,
      },
    }),
  ]);
  console.log(`
  Ready in ${((Date.now() - started) / 1000).toFixed(1)} s:  ${url}
  Indexer:  ${indexer.url}  (SQL for @ponder/client at ${indexer.url}/sql, progress at ${indexer.url}/status)

  Demo accounts (the "Local dev wallet" in Connect acts as these; no extension needed):
${Object.entries(deployment.devAccounts ?? {})
  .map(([role, address]) => `    ${role.padEnd(10)} ${address}`)
  .join("\n")}
  Browser wallets: add network http://127.0.0.1:8545, chain id 31337.

  Ctrl-C stops everything.`);
} catch (error) {
  console.error(`\nnpm run dev failed: ${(error as Error).message}`);
  await stop(1);
}
