import { readdir } from "node:fs/promises";
import path from "node:path";
import { readGatewayConfig } from "@ipnft/gateway/config";
import type { Deployment } from "@ipnft/protocol/deployment";
import { type DeploymentLookup, loadDeployment as loadDeploymentFile } from "@ipnft/protocol/deployment-file";
import { type Chain, extractChain } from "viem";
import * as knownChains from "viem/chains";
import type { PublicChain, WalletSettings } from "./wagmi";

/**
 * The server's settings (CHAIN_ID, DEPLOYMENTS_DIR, DATA_DIR, GATEWAY_*; see .env.example), read once from the
 * environment. Next runs the app in apps/web, so the repository root is two levels up.
 */
export const serverConfig = readGatewayConfig(process.env, { root: path.resolve(process.cwd(), "../..") });

/** The chain the app serves; the local chain unless told otherwise. */
export const appChainId = serverConfig.chainId;

/**
 * The wallet-side settings (see .env.example), read once: `NEXT_PUBLIC_RPC_URL_<chainId>` is the RPC endpoint the
 * browser's wallet and pages use for that chain (the deployment file's `rpcUrl` when unset), and
 * `NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID` turns WalletConnect on (off, and offline, when unset). The server reads them
 * at start and hands them to the page, so one build serves any chain.
 */
export const walletConfig = readWalletConfig(process.env);

export function readWalletConfig(env: Readonly<Record<string, string | undefined>>) {
  const rpcUrls = new Map<number, string>();
  for (const [name, value] of Object.entries(env)) {
    const match = /^NEXT_PUBLIC_RPC_URL_(\d+)$/.exec(name);
    if (!match || !value?.trim()) continue;
    const url = value.trim();
    if (!/^https?:\/\//.test(url)) throw new Error(`${name} must be an http(s):// URL, not "${url}"`);
    rpcUrls.set(Number(match[1]), url);
  }
  const projectId = env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID?.trim() || undefined;
  if (projectId && !/^[0-9a-f]{32}$/i.test(projectId)) {
    throw new Error("NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID must be the 32 hex digits WalletConnect Cloud gives");
  }
  return { rpcUrls, walletConnectProjectId: projectId };
}

/** The RPC endpoint a browser uses for a deployment's chain. */
const browserRpcUrl = (deployment: Deployment) => walletConfig.rpcUrls.get(deployment.chainId) ?? deployment.rpcUrl;

/**
 * Reads the deployment file on every request, so a redeployed chain (`npm run dev` again) is picked
 * up at once and the app never points at stale addresses.
 */
export function loadDeployment(chainId = appChainId): Promise<DeploymentLookup> {
  return loadDeploymentFile(chainId, serverConfig.deploymentsDir);
}

/** Every deployment file present in DEPLOYMENTS_DIR (`<chainId>.json`) that reads as a deployment. */
export async function loadDeployments(): Promise<Deployment[]> {
  const names = await readdir(serverConfig.deploymentsDir).catch(() => [] as string[]);
  const ids = names.flatMap((name) => /^(\d+)\.json$/.exec(name)?.[1] ?? []).map(Number);
  const lookups = await Promise.all(ids.map((id) => loadDeployment(id)));
  return lookups.flatMap((lookup) => ("deployment" in lookup ? [lookup.deployment] : []));
}

/** A chain as the wallet shows it: viem's name, currency and explorer for a known chain id, with our RPC URL. */
function publicChain(deployment: Deployment): PublicChain {
  const id = deployment.chainId;
  const known: Chain | undefined =
    id === knownChains.hardhat.id ? undefined : extractChain({ chains: Object.values(knownChains), id } as never);
  const explorer = known?.blockExplorers?.default;
  return {
    id,
    name: known?.name ?? (id === knownChains.hardhat.id ? "Local chain" : `Chain ${id}`),
    nativeCurrency: known?.nativeCurrency ?? knownChains.hardhat.nativeCurrency,
    rpcUrl: browserRpcUrl(deployment),
    blockExplorer: explorer ? { name: explorer.name, url: explorer.url } : undefined,
    testnet: known?.testnet ?? id === knownChains.hardhat.id,
  };
}

/**
 * What the browser needs to connect wallets: the served deployment (with the browser's RPC URL) and a chain for
 * every deployment file present, the served one first. Addresses stay the deployment file's; nothing secret is in it.
 */
export async function loadWalletSettings(deployment: Deployment): Promise<WalletSettings> {
  const others = (await loadDeployments()).filter((d) => d.chainId !== deployment.chainId);
  return {
    deployment: { ...deployment, rpcUrl: browserRpcUrl(deployment) },
    chains: [deployment, ...others].map(publicChain),
    walletConnectProjectId: walletConfig.walletConnectProjectId,
  };
}

/** Origins a page's scripts may connect to: every chain's browser RPC, and WalletConnect's relay when it is on. */
export async function browserConnectOrigins(): Promise<string[]> {
  const rpc = (await loadDeployments()).map((d) => new URL(browserRpcUrl(d)).origin);
  const walletConnect = walletConfig.walletConnectProjectId
    ? [
        "https://*.walletconnect.com",
        "wss://*.walletconnect.com",
        "https://*.walletconnect.org",
        "wss://*.walletconnect.org",
      ]
    : [];
  return [...new Set([...rpc, ...walletConnect])];
}
