import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Deployment } from "@ipnft/protocol/deployment";
import { writeDeployment } from "@ipnft/protocol/deployment-file";
import { type Address, createPublicClient, createWalletClient, getAddress, http } from "viem";
import { hardhat } from "viem/chains";
import { deployAll } from "../deploy/index";
import type { Clients } from "../deploy/superfluid";
import { assertPortFree, type ProcessGroup, waitFor } from "./processes";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = (name: string) => path.join(repoRoot, "node_modules/.bin", name);

/** Compiles the contracts and regenerates the app's typed ABIs. */
export function compileContracts(): void {
  execFileSync(bin("hardhat"), ["compile", "--quiet"], { cwd: repoRoot, stdio: "inherit" });
  execFileSync(bin("tsx"), [path.join(repoRoot, "scripts/codegen/generate-abis.ts")], {
    cwd: repoRoot,
    stdio: "inherit",
  });
}

/**
 * Starts a Hardhat node that mines a block every second (so streams move with the clock): the local chain (31337), or
 * a stand-in for a public network when given its `chainId` (the production rehearsal runs one as 84532).
 */
export async function startNode(
  group: ProcessGroup,
  port: number,
  options: { quiet?: boolean; chainId?: number } = {},
) {
  await assertPortFree(port, "local chain");
  const chainId = options.chainId ?? hardhat.id;
  const node = group.start(
    "chain",
    bin("hardhat"),
    ["node", "--network", "devnode", "--chain-id", String(chainId), "--hostname", "127.0.0.1", "--port", String(port)],
    {
      cwd: repoRoot,
      quiet: options.quiet ?? true,
    },
  );
  const rpcUrl = `http://127.0.0.1:${port}`;
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) });
  await waitFor(
    "the local chain",
    async () => (await client.getChainId()) === chainId,
    60_000,
    () => (node.child.exitCode !== null ? node.output().slice(-2000) : null),
  );
  return { rpcUrl, output: node.output };
}

/** viem clients for the node, acting as its first unlocked account (the deployer). */
export async function nodeClients(rpcUrl: string): Promise<{ clients: Clients; accounts: Address[] }> {
  const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 100 });
  // eth_accounts is a wallet method, outside viem's public-client schema; the node answers it for its unlocked accounts.
  const unlocked = (await publicClient.request({ method: "eth_accounts" } as never)) as string[];
  const accounts = unlocked.map((a) => getAddress(a));
  const walletClient = createWalletClient({ chain, transport: http(rpcUrl), account: accounts[0] });
  return { clients: { publicClient, walletClient } as unknown as Clients, accounts };
}

/** Deploys everything onto the node and writes the deployment file the app and scripts read. */
export async function deployToNode(
  rpcUrl: string,
  deploymentsDir?: string,
): Promise<{ deployment: Deployment; file: string }> {
  const { clients, accounts } = await nodeClients(rpcUrl);
  const [, artist, aiCompany, fan] = accounts;
  // The fan doubles as the dev arbiter, so the browser's dev wallet can rule on disputes.
  const deployment = await deployAll(clients, { rpcUrl, devAccounts: { artist, aiCompany, fan }, arbiter: fan });
  return { deployment, file: writeDeployment(deployment, deploymentsDir) };
}

/** Starts the web app (`next dev`, or `next start` on a production build) and waits until it answers. */
export async function startWeb(
  group: ProcessGroup,
  options: { port: number; mode: "dev" | "start"; env: NodeJS.ProcessEnv; quiet?: boolean },
) {
  await assertPortFree(options.port, "web app");
  // Webpack, as `next build` here uses: one bundler for development, the production build and the tests.
  const modeArgs = options.mode === "dev" ? ["dev", "--webpack"] : ["start"];
  const web = group.start(
    "web",
    bin("next"),
    [...modeArgs, "--port", String(options.port), "--hostname", "127.0.0.1"],
    {
      cwd: path.join(repoRoot, "apps/web"),
      env: { NEXT_TELEMETRY_DISABLED: "1", ...options.env },
      quiet: options.quiet,
    },
  );
  const url = `http://127.0.0.1:${options.port}`;
  // Ready means the pages AND the gateway answer: a SIWE nonce is written to the gateway's database, so its first
  // opening (PGlite initialising a fresh directory takes seconds on a busy machine) happens here, not in a visitor's
  // first request.
  await waitFor(
    "the web app and its gateway",
    async () => (await fetch(url)).ok && (await fetch(`${url}/api/auth/nonce`)).ok,
    240_000,
    () => (web.child.exitCode !== null ? web.output().slice(-2000) : null),
  );
  return { url, output: web.output };
}

/** Production build of the web app. */
export function buildWeb(env: NodeJS.ProcessEnv = {}): void {
  execFileSync(bin("next"), ["build", "--webpack"], {
    cwd: path.join(repoRoot, "apps/web"),
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: "inherit",
  });
}
