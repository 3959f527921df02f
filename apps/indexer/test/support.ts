import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { iPRegistryAbi, licenseTokenAbi, royaltyPoolsAbi, shareTokenAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import { buyLicenseSteps, faucetSteps, registeredIpId, registrationSteps, sendSteps } from "@ipnft/protocol/verbs";
import { createClient } from "@ponder/client";
import { type Address, concat, type Hex, parseUnits, zeroAddress } from "viem";
import { startIndexer } from "../../../scripts/stack/indexer";
import { deployToNode, nodeClients, startNode } from "../../../scripts/stack/local-stack";
import { ProcessGroup } from "../../../scripts/stack/processes";
import * as schema from "../ponder.schema";

/**
 * What the indexer's tests stand on: a real Hardhat node (a block a second) on a port of the indexer's range
 * (10100–10199; INDEXER_TEST_PORT_OFFSET shifts them, so that parallel runs need not collide), Superfluid and our
 * contracts deployed into a temporary deployments dir, and the seeding verbs.
 */
const portOffset = Number(process.env.INDEXER_TEST_PORT_OFFSET ?? 0);
export interface TestChain {
  port: number;
  rpcUrl: string;
  deployment: Deployment;
  deploymentsDir: string;
  dataDir: string;
  workDir: string;
  clients: Awaited<ReturnType<typeof nodeClients>>["clients"];
  accounts: Address[];
  /** Stops the node (the indexers started on it are stopped through their own groups). */
  stop: () => Promise<void>;
}

export async function startTestChain(basePort: number, workDir?: string): Promise<TestChain> {
  const port = basePort + portOffset;
  const group = new ProcessGroup();
  const dir = workDir ?? mkdtempSync(path.join(tmpdir(), "ipnft-indexer-"));
  const deploymentsDir = path.join(dir, "deployments");
  const dataDir = path.join(dir, "data");
  mkdirSync(dataDir, { recursive: true });
  try {
    const { rpcUrl } = await startNode(group, port);
    const { deployment } = await deployToNode(rpcUrl, deploymentsDir);
    const { clients, accounts } = await nodeClients(rpcUrl);
    return {
      port,
      rpcUrl,
      deployment,
      deploymentsDir,
      dataDir,
      workDir: dir,
      clients,
      accounts,
      stop: () => group.stopAll(),
    };
  } catch (error) {
    await group.stopAll();
    throw error;
  }
}

export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** Starts the indexer on `chain` through the launcher, with its PGlite directories under `stateDir`. */
export async function startTestIndexer(chain: TestChain, basePort: number, stateDir: string, databaseUrl?: string) {
  const port = basePort + portOffset;
  const group = new ProcessGroup();
  try {
    const indexer = await startIndexer(group, {
      port,
      deploymentsDir: chain.deploymentsDir,
      dataDir: chain.dataDir,
      stateDir,
      databaseUrl,
      readyTimeoutMs: 300_000,
      // INDEXER_TEST_LOGS=1 shows Ponder's log while a test runs
      quiet: !process.env.INDEXER_TEST_LOGS,
    });
    return { ...indexer, group, stop: () => group.stopAll() };
  } catch (error) {
    await group.stopAll();
    throw error;
  }
}

/** The indexer's database as the app reads it: `@ponder/client` on `/sql` with the indexer's schema. */
export function indexerDb(url: string) {
  return createClient(`${url}/sql`, { schema }).db;
}

/** The last block the indexer has indexed, from Ponder's `/status`. */
export async function indexedBlock(url: string): Promise<bigint> {
  const status = (await (await fetch(`${url}/status`)).json()) as Record<string, { block?: { number: number } }>;
  const chain = Object.values(status)[0];
  return BigInt(chain?.block?.number ?? -1);
}

/** Waits until the indexer has indexed the chain's current head (or later). */
export async function waitForIndexer(chain: TestChain, url: string, timeoutMs = 120_000): Promise<void> {
  const head = await chain.clients.publicClient.getBlockNumber();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await indexedBlock(url).catch(() => -1n)) >= head) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the indexer did not reach block ${head} within ${timeoutMs / 1000}s`);
}

const sha256 = (text: string): Hex => `0x${createHash("sha256").update(text).digest("hex")}`;
/** A raw-leaves CIDv1 of a SHA-256 digest, as the registry takes it. */
const rawCid = (digest: Hex): Hex => concat(["0x01551220", digest]);

/** Gives `account` test money, wrapped into the currency, so it can buy licenses. */
export async function fund(chain: TestChain, account: Address, amount = "1000") {
  // The faucet drips, and wrapping takes, the stablecoin in its own decimals (6, as USDC), not the SuperToken's 18.
  const wrapped = parseUnits(amount, chain.deployment.currency.underlyingDecimals);
  await sendSteps({ ...chain.clients, account }, faucetSteps(chain.deployment, account, wrapped));
}

/** Registers a work of made-up content through the registration verbs; returns its IP id. */
export async function registerWork(
  chain: TestChain,
  creator: Address,
  label: string,
  termsIds: readonly bigint[] = [2n],
): Promise<bigint> {
  const contentHash = sha256(`content ${label} ${Math.random()}`);
  const steps = registrationSteps(
    chain.deployment,
    { contentHash, contentCid: rawCid(contentHash), metadataCid: rawCid(sha256(`metadata ${label}`)), termsIds },
    { creator },
  );
  const receipts = await sendSteps({ ...chain.clients, account: creator }, steps);
  const ipId = registeredIpId(receipts[receipts.length - 1].logs);
  if (ipId === undefined) throw new Error("the registration emitted no IPRegistered");
  return ipId;
}

/** Buys a license of `ipId` under `termsId` as `buyer` (who must be funded); returns nothing, the chain is the truth. */
export async function buyLicense(chain: TestChain, buyer: Address, ipId: bigint, termsId: bigint, price: bigint) {
  await sendSteps(
    { ...chain.clients, account: buyer },
    buyLicenseSteps(chain.deployment, { ipId, termsId, maxFee: price }),
  );
}

const address = (chain: TestChain, name: string) => chain.deployment.contracts[name] as Address;

/** The chain's truth about every IP: id, creator, owner, content hash, parents. */
export async function chainWorks(chain: TestChain) {
  const client = chain.clients.publicClient;
  const registry = address(chain, "IPRegistry");
  const count = await client.readContract({ address: registry, abi: iPRegistryAbi, functionName: "ipCount" });
  const works = [];
  for (let id = 1n; id <= count; id++) {
    const c = await client.readContract({
      address: registry,
      abi: iPRegistryAbi,
      functionName: "certificate",
      args: [id],
    });
    const owner = await client.readContract({
      address: registry,
      abi: iPRegistryAbi,
      functionName: "ownerOf",
      args: [id],
    });
    works.push({
      id,
      creator: c.creator.toLowerCase(),
      owner: owner.toLowerCase(),
      contentHash: c.contentHash,
      royaltyBps: c.royaltyBps,
      registeredAt: BigInt(c.birthTime),
      parentIds: c.parents.map((p) => BigInt(p.ipId)),
    });
  }
  return works;
}

/** The chain's truth about every license sold: from its purchase events, with the holder as `ownerOf` says now. */
export async function chainLicenses(chain: TestChain) {
  const client = chain.clients.publicClient;
  const licenseToken = address(chain, "LicenseToken");
  const purchases = await client.getContractEvents({
    address: licenseToken,
    abi: licenseTokenAbi,
    eventName: "LicensePurchased",
    fromBlock: 0n,
  });
  const licenses = [];
  for (const { args } of purchases) {
    const id = args.licenseId as bigint;
    const holder = await client.readContract({
      address: licenseToken,
      abi: licenseTokenAbi,
      functionName: "ownerOf",
      args: [id],
    });
    licenses.push({
      id,
      ipId: args.ipId as bigint,
      termsId: args.termsId as bigint,
      holder: holder.toLowerCase(),
      fee: args.fee as bigint,
    });
  }
  return licenses;
}

/** The chain's truth about an IP's shares: its share token, and each given holder's balance. */
export async function chainShares(chain: TestChain, ipId: bigint, holders: readonly Address[]) {
  const client = chain.clients.publicClient;
  const token = await client.readContract({
    address: address(chain, "RoyaltyPools"),
    abi: royaltyPoolsAbi,
    functionName: "shareTokenOf",
    args: [ipId],
  });
  if (token === zeroAddress) return null;
  const balances = new Map<string, bigint>();
  for (const holder of holders) {
    balances.set(
      holder.toLowerCase(),
      await client.readContract({ address: token, abi: shareTokenAbi, functionName: "balanceOf", args: [holder] }),
    );
  }
  const totalSupply = await client.readContract({ address: token, abi: shareTokenAbi, functionName: "totalSupply" });
  return { token: token.toLowerCase(), balances, totalSupply };
}

/** The chain's truth about a licensee's stream into an IP's pool, and the pool's total rate. */
export async function chainStream(chain: TestChain, ipId: bigint, licensee: Address) {
  const client = chain.clients.publicClient;
  const pools = address(chain, "RoyaltyPools");
  const args = [ipId, licensee] as const;
  return {
    flowRate: BigInt(
      await client.readContract({ address: pools, abi: royaltyPoolsAbi, functionName: "licenseeFlowRate", args }),
    ),
    poolFlowRate: BigInt(
      await client.readContract({ address: pools, abi: royaltyPoolsAbi, functionName: "poolFlowRate", args: [ipId] }),
    ),
  };
}

/** Ids that occur more than once. */
export function duplicates<T>(ids: readonly T[]): T[] {
  const seen = new Set<T>();
  return ids.filter((id) => {
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  });
}
