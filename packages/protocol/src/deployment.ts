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
  /**
   * The payment currency: a stablecoin (USDC on public chains, the USDC-shaped test token locally) and its wrapper
   * SuperToken (USDCx). Amounts of the SuperToken use `decimals` (18); amounts of the stablecoin `underlyingDecimals`
   * (6 for USDC): see `format.ts` for converting between them.
   */
  currency: {
    underlying: Address;
    underlyingSymbol: string;
    /** The stablecoin's decimals (6 for USDC). */
    underlyingDecimals: number;
    /** The stablecoin's EIP-712 domain name and version, which EIP-3009 (x402) signatures must use. */
    underlyingEip712: { name: string; version: string };
    superToken: Address;
    superTokenSymbol: string;
    /** The SuperToken's decimals (always 18): every fee, price, stream and balance in the protocol uses these. */
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
  for (const key of ["decimals", "underlyingDecimals"] as const) {
    const value = d.currency[key];
    if (!Number.isInteger(value) || value < 0 || value > 36) {
      throw new Error(`deployment file: currency.${key} is not a number of decimals`);
    }
  }
  const eip712 = d.currency.underlyingEip712;
  if (!eip712 || typeof eip712.name !== "string" || typeof eip712.version !== "string") {
    throw new Error("deployment file: currency.underlyingEip712 needs the stablecoin's EIP-712 name and version");
  }
  for (const [name, value] of Object.entries(d.contracts ?? {})) {
    if (!isAddress(value)) throw new Error(`deployment file: contracts.${name} is not an address`);
  }
  return d;
}
