import { type Address, type Hex, type Log, parseEventLogs } from "viem";
import type { Deployment } from "../deployment";
import { datasetsAbi } from "../generated/abis";
import { withApproval } from "./currency";
import { type ChainReader, contractAddress, contractWrite, type Step } from "./request";

/**
 * Datasets that pay every contributor: a curator opens a registered dataset IP (one Superfluid GDA pool, which
 * becomes the IP's royalty pool), adds registered works as members with their owners' consent and a weight, and
 * every payment for the dataset reaches the curator and the members in proportion to their units.
 */

type Contracts = Pick<Deployment, "chainId" | "contracts">;

/** A member to add: a registered work and its weight (1 to `MAX_WEIGHT`, 10,000). */
export interface DatasetMember {
  ipId: bigint;
  weight: number;
}

/**
 * Why the curator may include a member: it owns the work (`{ kind: "owner" }`), holds a license of it granting AI
 * training and commercial use (`{ kind: "license", licenseId }`), or the owner signed (`{ kind: "signature", ... }`,
 * see {@link memberConsentTypedData}).
 */
export type MemberConsent =
  | { kind: "owner" }
  | { kind: "license"; licenseId: bigint }
  | { kind: "signature"; deadline: bigint; nonce: bigint; signature: Hex };

/** Most members one `addMembers` or `removeMembers` transaction may change (the contract's `MAX_BATCH`). */
export const DATASET_BATCH = 50;

/** The curator opens dataset `datasetId` (an IP registered as a dataset) keeping `curatorBps` of its income. */
export function createDataset(deployment: Contracts, datasetId: bigint, curatorBps: number) {
  return contractWrite(contractAddress(deployment, "Datasets"), datasetsAbi, "openDataset", [datasetId, curatorBps]);
}

/**
 * The dataset id, pool and a member's pool units per unit of weight (fixed at opening, so that the curator keeps
 * exactly its share) that a receipt of `createDataset` records, or undefined when it records none.
 */
export function openedDataset(
  logs: readonly Log[],
): { datasetId: bigint; pool: Address; unitsPerWeight: bigint } | undefined {
  const [event] = parseEventLogs({ abi: datasetsAbi, eventName: "DatasetOpened", logs: logs as Log[] });
  return event && { datasetId: event.args.datasetId, pool: event.args.pool, unitsPerWeight: event.args.unitsPerWeight };
}

function consentStruct(consent: MemberConsent) {
  if (consent.kind === "license") return { licenseId: consent.licenseId, deadline: 0n, nonce: 0n, signature: "0x" };
  if (consent.kind === "owner") return { licenseId: 0n, deadline: 0n, nonce: 0n, signature: "0x" };
  return { licenseId: 0n, deadline: consent.deadline, nonce: consent.nonce, signature: consent.signature };
}

/** Adds up to {@link DATASET_BATCH} members with their consents, in one transaction. */
export function addMembers(
  deployment: Contracts,
  datasetId: bigint,
  members: ReadonlyArray<DatasetMember & { consent: MemberConsent }>,
) {
  if (members.length === 0 || members.length > DATASET_BATCH) {
    throw new Error(`A batch adds 1 to ${DATASET_BATCH} members, not ${members.length}.`);
  }
  return contractWrite(contractAddress(deployment, "Datasets"), datasetsAbi, "addMembers", [
    datasetId,
    members.map(({ ipId, weight }) => ({ ipId, weight })),
    members.map(({ consent }) => consentStruct(consent) as ReturnType<typeof consentStruct> & { signature: Hex }),
  ]);
}

/** Adding any number of members: one `addMembers` step per batch of {@link DATASET_BATCH}. */
export function addMembersSteps(
  deployment: Contracts,
  datasetId: bigint,
  members: ReadonlyArray<DatasetMember & { consent: MemberConsent }>,
): Step<"addMembers">[] {
  const steps: Step<"addMembers">[] = [];
  for (let i = 0; i < members.length; i += DATASET_BATCH) {
    steps.push({ step: "addMembers", request: addMembers(deployment, datasetId, members.slice(i, i + DATASET_BATCH)) });
  }
  return steps;
}

/** Removes members (their future income from the dataset stops); up to {@link DATASET_BATCH} per call. */
export function removeMembers(deployment: Contracts, datasetId: bigint, ipIds: readonly bigint[]) {
  if (ipIds.length === 0 || ipIds.length > DATASET_BATCH) {
    throw new Error(`A batch removes 1 to ${DATASET_BATCH} members, not ${ipIds.length}.`);
  }
  return contractWrite(contractAddress(deployment, "Datasets"), datasetsAbi, "removeMembers", [datasetId, [...ipIds]]);
}

/** Removes one member. */
export const removeMember = (deployment: Contracts, datasetId: bigint, ipId: bigint) =>
  removeMembers(deployment, datasetId, [ipId]);

/** The EIP-712 type a work's owner signs to let a dataset include it. */
export const memberConsentTypes = {
  MemberConsent: [
    { name: "datasetId", type: "uint256" },
    { name: "memberIpId", type: "uint256" },
    { name: "weight", type: "uint32" },
    { name: "deadline", type: "uint64" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

/** What a work's owner consents to: this dataset including this work with this weight, until `deadline`. */
export interface ConsentRequest {
  datasetId: bigint;
  memberIpId: bigint;
  weight: number;
  /** Unix seconds after which the consent cannot be used. */
  deadline: bigint;
  /** Any number the owner has not used for a consent before (see {@link newConsentNonce}). */
  nonce: bigint;
}

/**
 * The typed data a work's owner signs (viem's `signTypedData`, wagmi's `signTypedDataAsync`) in the Datasets
 * contract's own domain, so a consent given on one deployment is worthless on another.
 */
export function memberConsentTypedData(deployment: Contracts, consent: ConsentRequest) {
  return {
    domain: {
      name: "IPNFT Datasets",
      version: "1",
      chainId: deployment.chainId,
      verifyingContract: contractAddress(deployment, "Datasets"),
    },
    types: memberConsentTypes,
    primaryType: "MemberConsent",
    message: { ...consent },
  } as const;
}

/** A fresh random consent nonce (consents use each nonce once, in any order, so parallel signing never clashes). */
export function newConsentNonce(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return BigInt(`0x${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`);
}

/**
 * Signs a member's consent with `sign` (e.g. `walletClient.signTypedData`) and returns it ready for
 * {@link addMembers}.
 */
export async function signMemberConsent(
  deployment: Contracts,
  consent: ConsentRequest,
  sign: (typedData: ReturnType<typeof memberConsentTypedData>) => Promise<Hex>,
): Promise<MemberConsent> {
  const signature = await sign(memberConsentTypedData(deployment, consent));
  return { kind: "signature", deadline: consent.deadline, nonce: consent.nonce, signature };
}

/** A work's owner voids a consent nonce it signed, so that consent can no longer be used. */
export function cancelConsent(deployment: Contracts, nonce: bigint) {
  return contractWrite(contractAddress(deployment, "Datasets"), datasetsAbi, "cancelConsent", [nonce]);
}

/** Pays `amount` (SuperToken wei) into the dataset, with the approval it needs: split at once by units. */
export function payDatasetSteps(
  deployment: Contracts & Pick<Deployment, "currency">,
  payment: { datasetId: bigint; amount: bigint; allowance?: bigint },
): Step<"approve" | "pay">[] {
  const datasets = contractAddress(deployment, "Datasets");
  return withApproval(
    deployment,
    { spender: datasets, amount: payment.amount, allowance: payment.allowance },
    { step: "pay", request: contractWrite(datasets, datasetsAbi, "pay", [payment.datasetId, payment.amount]) },
  );
}

/** Distributes what waits in the dataset's inbox (x402 payments sent to `inboxOf`) into its pool. */
export function flushDatasetInbox(deployment: Contracts, datasetId: bigint) {
  return contractWrite(contractAddress(deployment, "Datasets"), datasetsAbi, "flushInbox", [datasetId]);
}

/** Claims a member's income from the dataset into its share token (passed on to its holders once enabled). */
export function claimMemberIncome(deployment: Contracts, datasetId: bigint, memberIpId: bigint) {
  return contractWrite(contractAddress(deployment, "Datasets"), datasetsAbi, "claim", [datasetId, memberIpId]);
}

/** The dataset as the contract holds it, or undefined when it was never opened. */
export async function datasetOf(client: ChainReader, deployment: Contracts, datasetId: bigint) {
  const address = contractAddress(deployment, "Datasets");
  const d = await client.readContract({ address, abi: datasetsAbi, functionName: "datasetOf", args: [datasetId] });
  return /^0x0{40}$/.test(d.pool) ? undefined : d;
}

/** What a member earns from a dataset now: flow rate, claimable, units, at the block's time. */
export async function memberIncome(client: ChainReader, deployment: Contracts, datasetId: bigint, ipId: bigint) {
  const address = contractAddress(deployment, "Datasets");
  const [flowRate, claimable, units, timestamp] = await client.readContract({
    address,
    abi: datasetsAbi,
    functionName: "memberIncome",
    args: [datasetId, ipId],
  });
  return { flowRate, claimable, units, timestamp };
}
