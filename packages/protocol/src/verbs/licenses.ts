import { type Address, getAddress, type Log, type PublicClient, parseEventLogs } from "viem";
import type { Deployment } from "../deployment";
import { licenseTermsAbi, licenseTokenAbi } from "../generated/abis";
import { type Offer, type Use, useCode } from "../terms";
import { createWorkReader, protocolAddresses } from "../works";
import { withApproval } from "./currency";
import { type ChainReader, contractAddress, contractWrite, type Step } from "./request";

type Contracts = Pick<Deployment, "chainId" | "contracts">;

/** Buys a license of `ipId` under `termsId`, paying at most `maxFee` of the SuperToken. */
export function buyLicense(deployment: Contracts, ipId: bigint, termsId: bigint, maxFee: bigint) {
  return contractWrite(contractAddress(deployment, "LicenseToken"), licenseTokenAbi, "buyLicense", [
    ipId,
    termsId,
    maxFee,
  ]);
}

/**
 * Buying a license with the approval it needs: the license contract may take `maxFee` (unless `allowance`, what
 * it may take now, already covers it), then the purchase.
 */
export function buyLicenseSteps(
  deployment: Deployment,
  purchase: { ipId: bigint; termsId: bigint; maxFee: bigint; allowance?: bigint },
): Step<"approve" | "buyLicense">[] {
  const { ipId, termsId, maxFee, allowance } = purchase;
  return withApproval(
    deployment,
    { spender: contractAddress(deployment, "LicenseToken"), amount: maxFee, allowance },
    { step: "buyLicense", request: buyLicense(deployment, ipId, termsId, maxFee) },
  );
}

/** The id of the license a purchase's receipt records, or undefined when it records none. */
export function purchasedLicenseId(logs: readonly Log[]): bigint | undefined {
  return parseEventLogs({ abi: licenseTokenAbi, eventName: "LicensePurchased", logs: logs as Log[] })[0]?.args
    .licenseId;
}

/** The one question: may `account` use the IP this way now (a valid license, its stream flowing, usage paid)? */
export function hasAccess(client: ChainReader, deployment: Contracts, ipId: bigint, account: Address, use: Use) {
  return client.readContract({
    address: contractAddress(deployment, "LicenseToken"),
    abi: licenseTokenAbi,
    functionName: "hasAccess",
    args: [ipId, account, useCode[use]],
  });
}

/** A license of `ipId` held by `account` that grants `use` now, or 0n. */
export function findLicense(client: ChainReader, deployment: Contracts, ipId: bigint, account: Address, use: Use) {
  return client.readContract({
    address: contractAddress(deployment, "LicenseToken"),
    abi: licenseTokenAbi,
    functionName: "findLicense",
    args: [ipId, account, useCode[use]],
  });
}

/** A license as the chain records it. */
export interface License {
  licenseId: bigint;
  ipId: bigint;
  termsId: bigint;
  /** Block time it was bought, seconds. */
  start: number;
  /** Block time it ends, seconds; 0 when it never does. */
  expiry: number;
}

export async function licenseOf(
  client: ChainReader,
  deployment: Contracts,
  licenseId: bigint,
  blockNumber?: bigint,
): Promise<License> {
  const l = await client.readContract({
    address: contractAddress(deployment, "LicenseToken"),
    abi: licenseTokenAbi,
    functionName: "getLicense",
    args: [licenseId],
    blockNumber,
  });
  return {
    licenseId,
    ipId: BigInt(l.ipId),
    termsId: BigInt(l.termsId),
    start: Number(l.start),
    expiry: Number(l.expiry),
  };
}

/**
 * Every license `account` holds (at `blockNumber`, the latest block by default), oldest first: the license tokens
 * it ever received that it still owns.
 */
export async function accountLicenses(
  client: ChainReader,
  deployment: Deployment,
  account: Address,
  options: { blockNumber?: bigint } = {},
): Promise<License[]> {
  const address = contractAddress(deployment, "LicenseToken");
  const { blockNumber } = options;
  const received = await client.getContractEvents({
    address,
    abi: licenseTokenAbi,
    eventName: "Transfer",
    args: { to: account },
    fromBlock: BigInt(deployment.startBlock),
    toBlock: blockNumber,
  });
  const ids = [...new Set(received.map((e) => e.args.tokenId as bigint))].sort((a, b) => (a < b ? -1 : 1));
  const held = await Promise.all(
    ids.map(async (licenseId) => {
      const owner = await client
        .readContract({ address, abi: licenseTokenAbi, functionName: "ownerOf", args: [licenseId], blockNumber })
        .catch(() => undefined);
      return owner && getAddress(owner) === getAddress(account)
        ? licenseOf(client, deployment, licenseId, blockNumber)
        : null;
    }),
  );
  return held.filter((l): l is License => l !== null);
}

/** A license that lets its holder register a derivative now: the parent work and the royalty the derivative owes. */
export interface DerivativeGrant {
  licenseId: bigint;
  parentIpId: bigint;
  royaltyBps: number;
}

/** The licenses `account` holds that let it register a derivative of their work now. */
export async function derivativeGrants(
  client: ChainReader,
  deployment: Deployment,
  account: Address,
): Promise<DerivativeGrant[]> {
  const address = contractAddress(deployment, "LicenseToken");
  const grants = await Promise.all(
    (await accountLicenses(client, deployment, account)).map(async ({ licenseId, ipId, termsId }) => {
      // A license grants a derivative until it is used for one (LicenseToken clears the grant when it is).
      const ok = await client.readContract({
        address,
        abi: licenseTokenAbi,
        functionName: "licenseGrants",
        args: [licenseId, useCode.derivative],
      });
      if (!ok) return null;
      const terms = await client.readContract({
        address: contractAddress(deployment, "LicenseTerms"),
        abi: licenseTermsAbi,
        functionName: "getTerms",
        args: [termsId],
      });
      return { licenseId, parentIpId: ipId, royaltyBps: Number(terms.derivativeRoyaltyBps) };
    }),
  );
  return grants.filter((g): g is DerivativeGrant => g !== null);
}

/** Whether a license grants `use` now (unexpired, stream flowing, usage paid), as `hasAccess` judges it. */
export function licenseGrants(
  client: ChainReader,
  deployment: Contracts,
  licenseId: bigint,
  use: Use,
  blockNumber?: bigint,
) {
  return client.readContract({
    address: contractAddress(deployment, "LicenseToken"),
    abi: licenseTokenAbi,
    functionName: "licenseGrants",
    args: [licenseId, useCode[use]],
    blockNumber,
  });
}

/** The license of `ipId` that `account` holds under `termsId` (the newest, if several), or 0n. */
export async function licenseUnderTerms(
  client: ChainReader,
  deployment: Contracts,
  ipId: bigint,
  account: Address,
  termsId: bigint,
): Promise<bigint> {
  const held = await client.readContract({
    address: contractAddress(deployment, "LicenseToken"),
    abi: licenseTokenAbi,
    functionName: "licensesOf",
    args: [ipId, account],
  });
  const licenses = await Promise.all(held.map((id) => licenseOf(client, deployment, id)));
  return licenses.filter((l) => l.termsId === termsId).at(-1)?.licenseId ?? 0n;
}

/** The terms an IP offers licenses under, each with whether it is on sale and how many were sold. */
export function offersOf(client: ChainReader, deployment: Deployment, ipId: bigint): Promise<Offer[]> {
  const addresses = protocolAddresses(deployment);
  if (!addresses) throw new Error(`The licensing contracts are not deployed on chain ${deployment.chainId}.`);
  return createWorkReader(client as PublicClient, addresses).offers(ipId);
}

/** A license sale as `LicensePurchased` records it. */
export interface LicensePurchase {
  licenseId: bigint;
  ipId: bigint;
  termsId: bigint;
  licensee: Address;
  fee: bigint;
}

/** The license sales of one IP, or the sale of one license, oldest first. */
export async function licensePurchases(
  client: ChainReader,
  deployment: Deployment,
  of: { ipId: bigint } | { licenseId: bigint },
): Promise<LicensePurchase[]> {
  const events = await client.getContractEvents({
    address: contractAddress(deployment, "LicenseToken"),
    abi: licenseTokenAbi,
    eventName: "LicensePurchased",
    args: of,
    fromBlock: BigInt(deployment.startBlock),
  });
  return events.map(({ args }) => ({
    licenseId: args.licenseId as bigint,
    ipId: args.ipId as bigint,
    termsId: args.termsId as bigint,
    licensee: args.licensee as Address,
    fee: args.fee ?? 0n,
  }));
}
