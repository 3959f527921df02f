import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LicensesAnswer, PaidFilesAnswer, UsageAnswer } from "@ipnft/gateway/api";
import { formatUnits } from "viem";
import { itemsFromPaidFiles, withPaidFiles } from "../summary/paid-files";
import { type LicensedItem, trainingSummary } from "../summary/training-summary";
import { type Agent, gatewayJson } from "./agent";

/**
 * The agent's records: its manifest of verified files (each a line of the training-data summary's verifiable list),
 * what it holds and owes according to the gateway and the chain, and the summary built from them.
 */
export interface AgentFile extends LicensedItem {
  /** Where the verified file is on disk. */
  path: string;
}

export interface AgentManifest {
  account: string;
  chainId: number;
  files: AgentFile[];
}

const writes = new Map<string, Promise<unknown>>();

export async function readManifest(agent: Agent): Promise<AgentManifest> {
  try {
    return JSON.parse(await readFile(agent.manifestFile, "utf8")) as AgentManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return { account: agent.account.address, chainId: agent.deployment.chainId, files: [] };
  }
}

/** Adds a verified file to the manifest (one write at a time, so parallel fetches lose none). */
export function recordFile(agent: Agent, file: AgentFile): Promise<void> {
  const previous = writes.get(agent.manifestFile) ?? Promise.resolve();
  const next = previous.then(async () => {
    const manifest = await readManifest(agent);
    manifest.files = [...manifest.files.filter((f) => f.cid !== file.cid || f.licenseId !== file.licenseId), file];
    await mkdir(path.dirname(agent.manifestFile), { recursive: true });
    await writeFile(`${agent.manifestFile}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(`${agent.manifestFile}.tmp`, agent.manifestFile);
  });
  writes.set(
    agent.manifestFile,
    next.catch(() => {}),
  );
  return next;
}

/** The licenses the agent holds, its metered usage and receipts, its spending against the limits, and its files. */
export async function usageAndReceipts(agent: Agent) {
  const base = agent.config.gateway;
  const [listing, usage, spent, manifest] = await Promise.all([
    agent.signedFetch(`${base}/api/licenses`).then((r) => gatewayJson<LicensesAnswer>(r, "The license listing")),
    agent.signedFetch(`${base}/api/usage`).then((r) => gatewayJson<UsageAnswer>(r, "The usage listing")),
    agent.ledger.spent(),
    readManifest(agent),
  ]);
  const { decimals, superTokenSymbol } = agent.deployment.currency;
  const money = (v: bigint) => `${formatUnits(v, decimals)} ${superTokenSymbol}`;
  return {
    account: agent.account.address,
    licenses: listing.licenses.map((l) => ({
      licenseId: l.licenseId,
      ipId: l.ipId,
      termsId: l.termsId,
      summary: l.summary,
      grants: l.grants,
      expiry: l.expiry,
    })),
    usage: usage.usage,
    spending: {
      today: money(spent.today),
      total: money(spent.total),
      limits: {
        perCall: money(spent.limits.perCall),
        perDay: money(spent.limits.perDay),
        total: money(spent.limits.total),
      },
    },
    receipts: manifest.files.map((f) => ({
      cid: f.cid,
      ipId: f.ipId,
      licenseId: f.licenseId,
      settlements: f.settlements,
    })),
  };
}

/** The training-data summary of every file in the agent's manifest. */
export async function agentTrainingSummary(agent: Agent) {
  const base = agent.config.gateway;
  const [manifest, paid] = await Promise.all([
    readManifest(agent),
    // The gateway's record of what this key paid for with x402: files fetched elsewhere, or lost from the manifest.
    agent
      .signedFetch(`${base}/api/x402/paid-files`)
      .then((r) => gatewayJson<PaidFilesAnswer>(r, "The list of files paid for with x402")),
  ]);
  const { contracts, chainId } = agent.deployment;
  return trainingSummary({
    provider: agent.config.provider,
    model: agent.config.model,
    chainId,
    registry: contracts.IPRegistry,
    licenseToken: contracts.LicenseToken,
    gateway: agent.config.gateway,
    items: withPaidFiles(
      manifest.files.map(({ path: _path, ...item }) => item),
      itemsFromPaidFiles(paid, base),
    ),
  });
}
