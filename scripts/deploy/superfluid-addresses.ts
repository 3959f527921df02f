import { readFileSync, writeFileSync } from "node:fs";
import type { Deployment } from "@ipnft/protocol/deployment";
import sfMeta from "@superfluid-finance/metadata";
import { type Address, getAddress, isAddress } from "viem";

/**
 * Where Superfluid lives on a chain: from `@superfluid-finance/metadata` (the canonical deployments on public chains),
 * or from a file of the same shape as a metadata network entry's `contractsV1` (a stand-in framework, as the
 * production rehearsal deploys on its local node).
 */

/** The `contractsV1` keys we read, and the deployment file's names for them. */
const fromMetadata = {
  host: "host",
  cfaV1: "cfa",
  gdaV1: "gda",
  superTokenFactory: "superTokenFactory",
  resolver: "resolver",
  cfaV1Forwarder: "cfaV1Forwarder",
  gdaV1Forwarder: "gdaV1Forwarder",
  macroForwarder: "macroForwarder",
} as const satisfies Record<string, keyof Deployment["superfluid"]>;

export type ContractsV1 = Record<keyof typeof fromMetadata, Address>;

/** The network as Superfluid's metadata knows it: its public RPC and explorer, for the deployment file. */
export interface SuperfluidNetwork {
  superfluid: Deployment["superfluid"];
  /** "@superfluid-finance/metadata (base-sepolia)" or the file's path. */
  source: string;
  publicRpcUrl?: string;
  explorer?: string;
}

/** Thrown before any transaction when Superfluid's addresses cannot be known. */
export class SuperfluidAddressError extends Error {}

function toDeploymentNames(contracts: Record<string, unknown>, source: string): Deployment["superfluid"] {
  const out: Partial<Deployment["superfluid"]> = {};
  for (const [key, name] of Object.entries(fromMetadata)) {
    const value = contracts[key];
    if (typeof value !== "string" || !isAddress(value)) {
      throw new SuperfluidAddressError(`${source}: contractsV1.${key} is missing or not an address`);
    }
    out[name] = getAddress(value);
  }
  return out as Deployment["superfluid"];
}

/** The metadata-shaped `contractsV1` object for a deployed framework (what `--superfluid-file` reads). */
export function toContractsV1(superfluid: Deployment["superfluid"]): ContractsV1 {
  const out: Partial<ContractsV1> = {};
  for (const [key, name] of Object.entries(fromMetadata)) out[key as keyof ContractsV1] = superfluid[name];
  return out as ContractsV1;
}

/** Writes a framework's addresses as a metadata-shaped file, for `--superfluid-file`. */
export function writeSuperfluidFile(file: string, superfluid: Deployment["superfluid"]): void {
  writeFileSync(file, `${JSON.stringify(toContractsV1(superfluid), null, 2)}\n`);
}

/**
 * Superfluid's addresses on `chainId`: from `file` when given (a `contractsV1` object, or a whole metadata network
 * entry holding one), else from `@superfluid-finance/metadata`. Refuses, naming the way out, when neither has them.
 */
export function superfluidAddresses(chainId: number, file?: string): SuperfluidNetwork {
  if (file) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (error) {
      throw new SuperfluidAddressError(`cannot read the Superfluid file ${file}: ${(error as Error).message}`);
    }
    const contracts = (json.contractsV1 ?? json) as Record<string, unknown>;
    return { superfluid: toDeploymentNames(contracts, file), source: file };
  }
  const network = sfMeta.getNetworkByChainId(chainId);
  if (!network) {
    throw new SuperfluidAddressError(
      `Superfluid is not deployed on chain ${chainId} (no entry in @superfluid-finance/metadata); ` +
        "pass --superfluid-file <contractsV1.json> with its addresses",
    );
  }
  const source = `@superfluid-finance/metadata (${network.name})`;
  return {
    superfluid: toDeploymentNames(network.contractsV1 as unknown as Record<string, unknown>, source),
    source,
    publicRpcUrl: network.publicRPCs?.[0],
    explorer: network.explorer,
  };
}
