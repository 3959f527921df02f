import { readFile } from "node:fs/promises";
import { type Deployment, parseDeployment } from "@ipnft/protocol/deployment";
import { loadDeployment } from "@ipnft/protocol/deployment-file";
import { type Hex, parseUnits } from "viem";
import type { SpendLimits } from "./spend-limits";

/**
 * The operator's configuration of the agent's MCP server, read once at start: from the environment, or from a JSON
 * file named by IPNFT_MCP_CONFIG whose keys are the same names (the environment wins). The key is never taken from
 * a tool call. Limits are amounts of the currency in its units ("2.5"); an unset limit is 0, so nothing is spent
 * until the operator allows it.
 *
 *   IPNFT_MCP_PRIVATE_KEY (else AI_CLIENT_PRIVATE_KEY)  the agent's key: it signs requests, payments and purchases
 *   GATEWAY_URL            the gateway (default http://127.0.0.1:3000)
 *   IPNFT_RPC_URL          the chain's JSON-RPC (default http://127.0.0.1:8545)
 *   IPNFT_DEPLOYMENT       the deployment file trusted for addresses (default deployments/<chainId>.json)
 *   IPNFT_MCP_DATA_DIR     verified files, the manifest, the usage book and the spend ledger (default ./agent-data)
 *   IPNFT_MCP_MAX_PER_CALL, IPNFT_MCP_MAX_PER_DAY, IPNFT_MCP_MAX_TOTAL   spending limits (per call, per UTC day, ever)
 *   IPNFT_MCP_PROVIDER, IPNFT_MCP_MODEL   names printed in the training-data summary
 */
export interface AgentConfig {
  key: Hex;
  gateway: string;
  rpcUrl: string;
  deployment: Deployment;
  deploymentSource: string;
  dataDir: string;
  limits: SpendLimits;
  provider?: string;
  model?: string;
}

export class ConfigError extends Error {}

const names = [
  "IPNFT_MCP_PRIVATE_KEY",
  "AI_CLIENT_PRIVATE_KEY",
  "GATEWAY_URL",
  "IPNFT_RPC_URL",
  "IPNFT_DEPLOYMENT",
  "IPNFT_MCP_DATA_DIR",
  "IPNFT_MCP_MAX_PER_CALL",
  "IPNFT_MCP_MAX_PER_DAY",
  "IPNFT_MCP_MAX_TOTAL",
  "IPNFT_MCP_PROVIDER",
  "IPNFT_MCP_MODEL",
] as const;

export async function readAgentConfig(env: Record<string, string | undefined>): Promise<AgentConfig> {
  let file: Record<string, unknown> = {};
  if (env.IPNFT_MCP_CONFIG) {
    try {
      file = JSON.parse(await readFile(env.IPNFT_MCP_CONFIG, "utf8"));
    } catch (error) {
      throw new ConfigError(`IPNFT_MCP_CONFIG ${env.IPNFT_MCP_CONFIG} is not a JSON file: ${(error as Error).message}`);
    }
  }
  const value = (name: (typeof names)[number]) => {
    const v = env[name] ?? file[name];
    return typeof v === "string" && v !== "" ? v : undefined;
  };

  const key = value("IPNFT_MCP_PRIVATE_KEY") ?? value("AI_CLIENT_PRIVATE_KEY");
  if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new ConfigError("Give the agent's private key in IPNFT_MCP_PRIVATE_KEY: 0x followed by 64 hex digits.");
  }
  const gateway = (value("GATEWAY_URL") ?? "http://127.0.0.1:3000").replace(/\/$/, "");
  const rpcUrl = value("IPNFT_RPC_URL") ?? "http://127.0.0.1:8545";
  for (const [name, url] of [
    ["GATEWAY_URL", gateway],
    ["IPNFT_RPC_URL", rpcUrl],
  ]) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new ConfigError(`${name} must be an http(s) URL, not "${url}".`);
    }
  }

  const deploymentFile = value("IPNFT_DEPLOYMENT");
  let deployment: Deployment;
  let deploymentSource: string;
  if (deploymentFile) {
    try {
      deployment = parseDeployment(JSON.parse(await readFile(deploymentFile, "utf8")));
    } catch (error) {
      throw new ConfigError(`IPNFT_DEPLOYMENT ${deploymentFile} is not a deployment file: ${(error as Error).message}`);
    }
    deploymentSource = deploymentFile;
  } else {
    const chainId = await chainIdOf(rpcUrl);
    const lookup = await loadDeployment(chainId);
    if ("problem" in lookup) throw new ConfigError(`${lookup.problem} Or name the file in IPNFT_DEPLOYMENT.`);
    deployment = lookup.deployment;
    deploymentSource = `deployments/${chainId}.json`;
  }

  const { decimals } = deployment.currency;
  const limit = (name: "IPNFT_MCP_MAX_PER_CALL" | "IPNFT_MCP_MAX_PER_DAY" | "IPNFT_MCP_MAX_TOTAL") => {
    const text = value(name) ?? "0";
    if (!/^[0-9]+(\.[0-9]+)?$/.test(text)) {
      throw new ConfigError(`${name} must be an amount of ${deployment.currency.superTokenSymbol}, like 2.5.`);
    }
    return parseUnits(text, decimals);
  };
  return {
    key: key as Hex,
    gateway,
    rpcUrl,
    deployment,
    deploymentSource,
    dataDir: value("IPNFT_MCP_DATA_DIR") ?? "agent-data",
    limits: {
      perCall: limit("IPNFT_MCP_MAX_PER_CALL"),
      perDay: limit("IPNFT_MCP_MAX_PER_DAY"),
      total: limit("IPNFT_MCP_MAX_TOTAL"),
    },
    provider: value("IPNFT_MCP_PROVIDER"),
    model: value("IPNFT_MCP_MODEL"),
  };
}

async function chainIdOf(rpcUrl: string): Promise<number> {
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    return Number(((await response.json()) as { result: string }).result);
  } catch (error) {
    throw new ConfigError(`The chain at ${rpcUrl} did not answer: ${(error as Error).message}`);
  }
}
