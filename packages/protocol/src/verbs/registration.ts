import { type Address, type ContractFunctionArgs, type Hex, type Log, parseEventLogs, zeroHash } from "viem";
import type { Deployment } from "../deployment";
import { iPRegistryAbi } from "../generated/abis";
import { type Kind, kinds } from "../work-metadata";
import { type ChainReader, contractAddress, contractWrite, type Step } from "./request";

/** The struct `IPRegistry.register` takes, as viem types it from the ABI. */
export type Registration = ContractFunctionArgs<typeof iPRegistryAbi, "nonpayable", "register">[0];

/** What registering an IP says about it; everything but the content and metadata has a default. */
export interface RegistrationInput {
  /** A work by default. */
  kind?: Kind;
  /** SHA-256 of the original: the birth certificate's content hash. */
  contentHash: Hex;
  /** Binary CIDv1 of the original. */
  contentCid: Hex;
  /** Binary CIDv1 of the metadata JSON. */
  metadataCid: Hex;
  /** None by default. */
  c2paManifestHash?: Hex;
  /** The ERC-2981 resale royalty, basis points; 5% by default. */
  royaltyBps?: number;
  /** Licenses that allow derivatives, one per parent work: the new IP is their derivative. */
  parentLicenseIds?: readonly bigint[];
  /** Terms attached at registration, in the same transaction. */
  termsIds?: readonly bigint[];
}

export function registration(input: RegistrationInput): Registration {
  return {
    kind: kinds.indexOf(input.kind ?? "Work"),
    contentHash: input.contentHash,
    contentCid: input.contentCid,
    metadataCid: input.metadataCid,
    c2paManifestHash: input.c2paManifestHash ?? zeroHash,
    royaltyBps: input.royaltyBps ?? 500,
    parentLicenseIds: input.parentLicenseIds ?? [],
    termsIds: input.termsIds ?? [],
  };
}

/** Registers an IP with its birth certificate, attaching `r.termsIds` in the same transaction. */
export function register(deployment: Pick<Deployment, "chainId" | "contracts">, r: Registration) {
  return contractWrite(contractAddress(deployment, "IPRegistry"), iPRegistryAbi, "register", [r]);
}

/**
 * Every transaction that registers an IP, in order. Callers send these steps rather than `register` itself, so the
 * registry can ask for more (a commitment in an earlier block) without any caller changing.
 */
export function registrationSteps(
  deployment: Pick<Deployment, "chainId" | "contracts">,
  input: RegistrationInput,
): Step<"register">[] {
  return [{ step: "register", request: register(deployment, registration(input)) }];
}

/** The IP registered with these bytes, or 0n when they have no birth certificate. */
export function ipIdOfContentHash(client: ChainReader, deployment: Deployment, contentHash: Hex): Promise<bigint> {
  return client.readContract({
    address: contractAddress(deployment, "IPRegistry"),
    abi: iPRegistryAbi,
    functionName: "ipIdOfContentHash",
    args: [contentHash],
  });
}

/** The id of the IP a registration's receipt records, or undefined when it records none. */
export function registeredIpId(logs: readonly Log[]): bigint | undefined {
  return parseEventLogs({ abi: iPRegistryAbi, eventName: "IPRegistered", logs: logs as Log[] })[0]?.args.ipId;
}

/** The owner of an IP-NFT now. */
export function ownerOfIp(client: ChainReader, deployment: Deployment, ipId: bigint): Promise<Address> {
  return client.readContract({
    address: contractAddress(deployment, "IPRegistry"),
    abi: iPRegistryAbi,
    functionName: "ownerOf",
    args: [ipId],
  });
}

/** The IPs `creator` registered, oldest first. */
export async function worksCreatedBy(client: ChainReader, deployment: Deployment, creator: Address): Promise<bigint[]> {
  const events = await client.getContractEvents({
    address: contractAddress(deployment, "IPRegistry"),
    abi: iPRegistryAbi,
    eventName: "IPRegistered",
    args: { creator },
    fromBlock: BigInt(deployment.startBlock),
  });
  return events.map((e) => e.args.ipId as bigint);
}
