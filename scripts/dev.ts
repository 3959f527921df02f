/**
 * `npm run dev`: a fresh local chain on 127.0.0.1:8545 (a block a second), the real Superfluid
 * framework and our contracts deployed on it, demo data, and the web app on :3000.
 * Ctrl-C stops everything it started. Each run starts from a fresh chain and rewrites the
 * deployment file, which the app reads on every request, so it never points at stale addresses.
 */
import { devSettlementKey } from "@ipnft/gateway/dev-settler";
import { seedDemo } from "./seed/index";
import { compileContracts, deployToNode, startNode, startWeb } from "./stack/local-stack";
import { ProcessGroup } from "./stack/processes";

const CHAIN_PORT = Number(process.env.CHAIN_PORT ?? 8545);
const WEB_PORT = Number(process.env.WEB_PORT ?? 3000);

const group = new ProcessGroup();
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping the web app and the local chain…");
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
  console.log("Demo data seeded. Starting the web app…");
  // The gateway binds sign-in sessions to this origin (Next itself reports 127.0.0.1 as localhost).
  const { url } = await startWeb(group, {
    port: WEB_PORT,
    mode: "dev",
    env: {
      GATEWAY_PRIVATE_KEY: process.env.GATEWAY_PRIVATE_KEY ?? devSettlementKey(),
      GATEWAY_PUBLIC_ORIGIN:
        process.env.GATEWAY_PUBLIC_ORIGIN ?? `http://127.0.0.1:${WEB_PORT},http://localhost:${WEB_PORT}`,
    },
  });
  console.log(`
  Ready in ${((Date.now() - started) / 1000).toFixed(1)} s:  ${url}

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
