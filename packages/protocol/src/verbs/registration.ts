import {
  type Address,
  bytesToHex,
  type ContractFunctionArgs,
  encodeAbiParameters,
  type Hex,
  keccak256,
  type Log,
  parseEventLogs,
  zeroHash,
} from "viem";
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

/** A fresh random salt for a registration commitment (kept by the creator until the reveal). */
export const newRegistrationSalt = (): Hex => bytesToHex(crypto.getRandomValues(new Uint8Array(32)));

/**
 * What a creator commits to before registering: `keccak256(abi.encode(contentHash, creator, salt))`, exactly as
 * `IPRegistry.registrationCommitment` computes it. It reveals neither the content hash nor anything a copier can use.
 */
export function registrationCommitment(contentHash: Hex, creator: Address, salt: Hex): Hex {
  return keccak256(
    encodeAbiParameters([{ type: "bytes32" }, { type: "address" }, { type: "bytes32" }], [contentHash, creator, salt]),
  );
}

/** First step: commit to a registration (the reveal must come in a later block, within a day). */
export function commitRegistration(deployment: Pick<Deployment, "chainId" | "contracts">, commitment: Hex) {
  return contractWrite(contractAddress(deployment, "IPRegistry"), iPRegistryAbi, "commitRegistration", [commitment]);
}

/** Second step: registers an IP with its birth certificate, attaching `r.termsIds` in the same transaction. */
export function register(deployment: Pick<Deployment, "chainId" | "contracts">, r: Registration, salt: Hex) {
  return contractWrite(contractAddress(deployment, "IPRegistry"), iPRegistryAbi, "register", [r, salt]);
}

/** Who registers, and (optionally) the salt of the commitment; a fresh salt by default. */
export interface Registrant {
  creator: Address;
  salt?: Hex;
}

/**
 * Every transaction that registers an IP, in order: the commitment, then the reveal. Each must be mined before the
 * next is sent (the registry refuses a reveal in the commitment's block), which `sendSteps` and the app's transactor
 * both do. A copy of the reveal sent by anyone else is worthless: the commitment binds the creator.
 */
export function registrationSteps(
  deployment: Pick<Deployment, "chainId" | "contracts">,
  input: RegistrationInput,
  registrant: Registrant,
): Step<"commit" | "register">[] {
  const salt = registrant.salt ?? newRegistrationSalt();
  const r = registration(input);
  return [
    {
      step: "commit",
      request: commitRegistration(deployment, registrationCommitment(r.contentHash, registrant.creator, salt)),
    },
    { step: "register", request: register(deployment, r, salt) },
  ];
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
