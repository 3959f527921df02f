import type { Address } from "viem";

/** The roles a newcomer can play with the local dev wallet. */
export const devRoles = ["artist", "aiCompany", "fan"] as const;
export type DevRole = (typeof devRoles)[number];

/**
 * What `scripts/deploy` writes to `deployments/<chainId>.json`: the one place that holds addresses.
 * The app, the scripts and the tests read it; nothing else holds an address.
 */
export interface Deployment {
  chainId: number;
  rpcUrl: string;
  /** Block the deployment finished in: reads of logs start here. */
  startBlock: number;
  superfluid: {
    host: Address;
    cfa: Address;
    gda: Address;
    superTokenFactory: Address;
    resolver: Address;
    cfaV1Forwarder: Address;
    gdaV1Forwarder: Address;
    macroForwarder: Address;
  };
  /** The payment currency: a stablecoin and its wrapper SuperToken. */
  currency: {
    underlying: Address;
    underlyingSymbol: string;
    superToken: Address;
    superTokenSymbol: string;
    decimals: number;
  };
  /** Our contracts, by contract name. The Faucet exists on the local chain only. */
  contracts: Partial<Record<string, Address>> & { Faucet?: Address };
  /** Local chain only: the node's unlocked test accounts the dev wallet can act as. */
  devAccounts?: Record<DevRole, Address>;
}

const isAddress = (value: unknown): value is Address => typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value);

/** Checks a parsed deployment file; throws a readable error naming the first field that is wrong. */
export function parseDeployment(json: unknown): Deployment {
  const d = json as Deployment;
  if (!d || typeof d !== "object") throw new Error("deployment file is not a JSON object");
  if (!Number.isInteger(d.chainId)) throw new Error("deployment file has no chainId");
  if (typeof d.rpcUrl !== "string") throw new Error("deployment file has no rpcUrl");
  for (const [key, value] of Object.entries(d.superfluid ?? {})) {
    if (!isAddress(value)) throw new Error(`deployment file: superfluid.${key} is not an address`);
  }
  if (!d.currency || !isAddress(d.currency.superToken) || !isAddress(d.currency.underlying)) {
    throw new Error("deployment file: currency addresses are missing");
  }
  for (const [name, value] of Object.entries(d.contracts ?? {})) {
    if (!isAddress(value)) throw new Error(`deployment file: contracts.${name} is not an address`);
  }
  return d;
}
