import { existsSync } from "node:fs";
import type { Deployment } from "@ipnft/protocol/deployment";
import { deploymentPath, readDeployment, writeDeployment } from "@ipnft/protocol/deployment-file";
import type { Address, Hex } from "viem";
import { createPublicClient, createWalletClient, http, isAddress, isAddressEqual, parseUnits } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { codeMatchesArtifact } from "./artifacts";
import { CurrencyError, readCurrency } from "./currency";
import {
  DEFAULT_DISPUTE_BOND,
  type DisputesConfig,
  deployProtocol,
  protocolArtifact,
  protocolConstructorArgs,
  protocolContracts,
} from "./protocol";
import type { Clients } from "./superfluid";
import { SuperfluidAddressError, superfluidAddresses } from "./superfluid-addresses";

/**
 * The production deploy: our contracts on a chain where Superfluid already runs (canonical addresses from its
 * metadata, or a metadata-shaped file), paid in an existing SuperToken (USDCx), sent by a deployer key. No faucet,
 * no test token, no unlocked account. Every check happens before the first transaction; a refusal sends nothing.
 */

export interface ProductionOptions {
  /** The node to deploy through. */
  rpcUrl: string;
  /** The deployer's private key, 0x + 64 hex digits. */
  key: string | undefined;
  /** The chain the network is configured for: a node answering another chain id is refused. */
  chainId?: number;
  /** A metadata-shaped file of Superfluid's addresses (`contractsV1`), instead of `@superfluid-finance/metadata`. */
  superfluidFile?: string;
  /** The payment SuperToken (e.g. USDCx) and, when set, the stablecoin it must wrap (e.g. USDC). */
  currency: { superToken?: string; underlying?: string };
  /** Who rules on disputes (a multisig's address) and, when set, the bond in whole currency units (default 50). */
  disputes?: { arbiter?: string; bond?: string };
  /** Deploy anew even when a deployment file exists for the chain (it is replaced). */
  fresh?: boolean;
  /** Where deployment files live. Default: the repository's `deployments/`. */
  deploymentsDir?: string;
  /** The RPC URL written into the (public) deployment file. Default: the chain's public RPC, else `rpcUrl`. */
  publicRpcUrl?: string;
  /** The Hardhat network name, for the verify commands. */
  networkName?: string;
  /** The names of the settings, for messages that say what to set. */
  variables?: { rpcUrl?: string; key?: string; superToken?: string; underlying?: string; arbiter?: string };
  log?: (line: string) => void;
}

export interface VerifyCommand {
  contract: string;
  address: Address;
  args: string[];
  /** `npx hardhat verify --network <name> <address> <args…>` */
  command: string;
}

export interface ProductionResult {
  deployment: Deployment;
  file: string;
  /** "deployed": transactions were sent; "unchanged": the recorded deployment matched and nothing was sent. */
  status: "deployed" | "unchanged";
  verify: VerifyCommand[];
}

/** A refusal: said before any transaction, so nothing was sent. */
export class DeployRefusal extends Error {}

const LOCAL_CHAIN_ID = 31337;

/** Deploys (or confirms) our contracts on a production chain. Throws {@link DeployRefusal} before sending anything. */
export async function deployProduction(options: ProductionOptions): Promise<ProductionResult> {
  const log = options.log ?? (() => {});
  const names = {
    rpcUrl: options.variables?.rpcUrl ?? "the RPC URL",
    key: options.variables?.key ?? "DEPLOYER_PRIVATE_KEY",
    superToken: options.variables?.superToken ?? "CURRENCY_SUPERTOKEN",
    underlying: options.variables?.underlying ?? "CURRENCY_UNDERLYING",
    arbiter: options.variables?.arbiter ?? "DISPUTES_ARBITER",
  };

  if (!options.rpcUrl) throw new DeployRefusal(`no RPC URL: set ${names.rpcUrl}`);
  if (!options.key) throw new DeployRefusal(`no deployer key: set ${names.key} (Hardhat keystore or environment)`);
  if (!/^0x[0-9a-fA-F]{64}$/.test(options.key)) {
    throw new DeployRefusal(`${names.key} is not a private key (0x + 64 hex digits)`);
  }
  const account = privateKeyToAccount(options.key as Hex);
  const { superToken, underlying } = options.currency;
  if (!superToken) throw new DeployRefusal(`no currency: set ${names.superToken} to the payment SuperToken's address`);
  if (!isAddress(superToken)) throw new DeployRefusal(`${names.superToken} is not an address: ${superToken}`);
  if (underlying && !isAddress(underlying)) {
    throw new DeployRefusal(`${names.underlying} is not an address: ${underlying}`);
  }

  const disputes = disputesConfig(options.disputes, names.arbiter);

  const transport = http(options.rpcUrl, { retryCount: 1 });
  const publicClient = createPublicClient({ transport, pollingInterval: 250 });
  let chainId: number;
  try {
    chainId = await publicClient.getChainId();
  } catch (error) {
    throw new DeployRefusal(`the node at ${names.rpcUrl} does not answer: ${(error as Error).message.split("\n")[0]}`);
  }
  if (options.chainId !== undefined && chainId !== options.chainId) {
    throw new DeployRefusal(`the node at ${names.rpcUrl} is on chain ${chainId}, not ${options.chainId}`);
  }
  if (chainId === LOCAL_CHAIN_ID) {
    throw new DeployRefusal("chain 31337 is the local dev chain: `npm run dev` deploys there, with its test token");
  }

  let network: ReturnType<typeof superfluidAddresses>;
  try {
    network = superfluidAddresses(chainId, options.superfluidFile);
  } catch (error) {
    if (error instanceof SuperfluidAddressError) throw new DeployRefusal(error.message);
    throw error;
  }
  const { superfluid } = network;
  for (const [name, address] of Object.entries(superfluid)) {
    const code = await publicClient.getCode({ address });
    if (!code || code === "0x") {
      throw new DeployRefusal(
        `Superfluid's ${name} (${address}, from ${network.source}) has no code on chain ${chainId}: ` +
          "wrong chain or wrong --superfluid-file",
      );
    }
  }
  log(`Superfluid on chain ${chainId}: host ${superfluid.host} (from ${network.source})`);

  let currency: Deployment["currency"];
  try {
    currency = await readCurrency(publicClient, superfluid, superToken, underlying as Address | undefined);
  } catch (error) {
    if (error instanceof CurrencyError) {
      const check = error.message.includes(names.underlying) ? "" : `; check ${names.superToken}`;
      throw new DeployRefusal(`${error.message}${check}`);
    }
    throw error;
  }
  log(
    `currency: ${currency.superTokenSymbol} ${currency.superToken} (${currency.decimals} decimals) wrapping ` +
      `${currency.underlyingSymbol} ${currency.underlying} (${currency.underlyingDecimals} decimals, EIP-712 ` +
      `"${currency.underlyingEip712.name}" version "${currency.underlyingEip712.version}")`,
  );

  const file = deploymentPath(chainId, options.deploymentsDir);
  const verifyOf = (deployment: Deployment) => verifyCommands(deployment, options.networkName, disputes);
  if (existsSync(file) && !options.fresh) {
    const recorded = readDeployment(chainId, options.deploymentsDir);
    const problem = await mismatch(publicClient, recorded, superfluid, currency);
    if (problem) {
      throw new DeployRefusal(`${file} does not match: ${problem}. Pass --fresh to deploy anew (replaces the file)`);
    }
    log(`${file}: every contract is deployed with the current code; nothing sent`);
    return { deployment: recorded, file, status: "unchanged", verify: verifyOf(recorded) };
  }

  const balance = await publicClient.getBalance({ address: account.address });
  if (balance === 0n) {
    throw new DeployRefusal(`the deployer ${account.address} has no native token on chain ${chainId} to pay gas`);
  }

  const chain = {
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  };
  const rpcUrls = { default: { http: [options.rpcUrl] } };
  const walletClient = createWalletClient({ account, chain: { ...chain, rpcUrls }, transport });
  const clients = { publicClient, walletClient } as unknown as Clients;
  log(`deploying from ${account.address}`);
  const contracts = await deployProtocol(clients, { currency, disputes });
  const deployment: Deployment = {
    chainId,
    rpcUrl: options.publicRpcUrl ?? network.publicRpcUrl ?? options.rpcUrl,
    startBlock: Number(await publicClient.getBlockNumber()),
    superfluid,
    currency,
    contracts,
  };
  const written = writeDeployment(deployment, options.deploymentsDir);
  for (const [name, address] of Object.entries(contracts)) log(`  ${name.padEnd(13)} ${address}`);
  log(`wrote ${written}`);
  return { deployment, file: written, status: "deployed", verify: verifyOf(deployment) };
}

/** What differs between a recorded deployment and the chain, the configuration and our artifacts; null if nothing. */
async function mismatch(
  publicClient: ReturnType<typeof createPublicClient>,
  recorded: Deployment,
  superfluid: Deployment["superfluid"],
  currency: Deployment["currency"],
): Promise<string | null> {
  if (!isAddressEqual(recorded.superfluid.host, superfluid.host)) {
    return `it records the Superfluid host ${recorded.superfluid.host}, the configuration gives ${superfluid.host}`;
  }
  if (!isAddressEqual(recorded.currency.superToken, currency.superToken)) {
    return `it records the currency ${recorded.currency.superToken}, the configuration gives ${currency.superToken}`;
  }
  for (const name of protocolContracts) {
    const address = recorded.contracts[name];
    if (!address) return `it has no ${name}`;
    const code = await publicClient.getCode({ address });
    if (!codeMatchesArtifact(code, protocolArtifact(name))) {
      const why = code && code !== "0x" ? "the contract changed since" : "no code there";
      return `the code at ${name} ${address} is not the current artifact's (${why})`;
    }
  }
  return null;
}

/** The block-explorer verification of each contract, with the constructor arguments it was deployed with. */
export function verifyCommands(
  deployment: Deployment,
  networkName: string | undefined,
  disputes: DisputesConfig,
): VerifyCommand[] {
  networkName ??= "<network>";
  const contracts = Object.fromEntries(protocolContracts.map((n) => [n, deployment.contracts[n] as Address]));
  const args = protocolConstructorArgs(
    contracts as Record<(typeof protocolContracts)[number], Address>,
    deployment.currency.superToken,
    disputes,
  );
  return protocolContracts.map((contract) => {
    const address = contracts[contract];
    const list = args[contract].map(String);
    return {
      contract,
      address,
      args: list,
      command: ["npx hardhat verify --network", networkName, address, ...list].join(" "),
    };
  });
}

/** The arbiter (required: a multisig in production) and the bond (whole currency units, default 50), checked. */
function disputesConfig(given: ProductionOptions["disputes"], variable: string): DisputesConfig {
  const arbiter = given?.arbiter;
  if (!arbiter) throw new DeployRefusal(`no dispute arbiter: set ${variable} to the multisig that rules on disputes`);
  if (!isAddress(arbiter)) throw new DeployRefusal(`${variable} is not an address: ${arbiter}`);
  if (!given?.bond) return { arbiter, bond: DEFAULT_DISPUTE_BOND };
  if (!/^\d+(\.\d{1,18})?$/.test(given.bond)) {
    throw new DeployRefusal(`DISPUTES_BOND is not an amount of the currency: ${given.bond}`);
  }
  const bond = parseUnits(given.bond, 18);
  if (bond < 10n ** 18n || bond > 10n ** 24n) {
    throw new DeployRefusal(`DISPUTES_BOND must lie between 1 and 1000000 units of the currency, not ${given.bond}`);
  }
  return { arbiter, bond };
}
