import { createHash } from "node:crypto";
import { toUnderlyingAmount } from "@ipnft/protocol/format";
import { uses } from "@ipnft/protocol/terms";
import {
  approveCurrency,
  attachTerms as attachTermsRequest,
  registration as buildRegistration,
  buyLicenseSteps,
  type ContractWrite,
  commitRegistration as commitRegistrationRequest,
  mintTestCurrency,
  newRegistrationSalt,
  purchasedLicenseId,
  type RegistrationInput,
  hasAccess as readAccess,
  registeredIpId,
  registerTerms as registerTermsRequest,
  registrationCommitment,
  registrationSteps,
  type Step,
  sendSteps,
  sendWrite,
  wrappedBalance,
  wrapSteps,
} from "@ipnft/protocol/verbs";
import { kinds } from "@ipnft/protocol/work-metadata";
import type { Address, Hex } from "viem";
import { concat, decodeEventLog, parseEther, toHex } from "viem";
import type { deployedChain } from "./chain";

export type Chain = Awaited<ReturnType<typeof deployedChain>>;
export type Wallet = Chain["wallets"][number];

export const Kind = { Work: 0, Style: 1, Dataset: 2 } as const;
export const Use = { AiTraining: 0, Commercial: 1, Derivative: 2 } as const;
/** Preset term ids, in the order LicenseTerms' constructor registers them. */
export const Preset = {
  NoAiTraining: 1n,
  AiTrainingFlatFee: 2n,
  AiTrainingStreamed: 3n,
  CommercialRemix: 4n,
  AiTrainingPayPerFile: 5n,
} as const;
/** The streamed preset's minimum rate (about one token a day), as LicenseTerms registers it. */
export const STREAMED_MIN_RATE = 11_574_074_000_000n;
/** What a streamed license prepays at the minimum rate: a week of it. */
export const STREAMED_PREPAID = STREAMED_MIN_RATE * 7n * 24n * 3600n;

const RAW = 0x55;
const DAG_PB = 0x70;

/** SHA-256 of `bytes`, as a 0x-prefixed word. */
export const sha256 = (bytes: Uint8Array | string): Hex => `0x${createHash("sha256").update(bytes).digest("hex")}`;

/** Binary CIDv1 (sha2-256) of `digest` with `codec`. */
export const cidBytes = (digest: Hex, codec = RAW): Hex =>
  concat([toHex(new Uint8Array([1, codec, 0x12, 0x20])), digest]);

let counter = 0;
/** A fresh piece of "content", its SHA-256 and raw-leaves CID, and a metadata CID. */
export function newContent(label = "work") {
  const bytes = new TextEncoder().encode(`${label} #${++counter} ${Math.random()}`);
  const contentHash = sha256(bytes);
  const metadataHash = sha256(`{"name":"${label} #${counter}"}`);
  return { contentHash, contentCid: cidBytes(contentHash), metadataCid: cidBytes(metadataHash), metadataHash };
}
export { DAG_PB, RAW };

export function addresses(chain: Chain) {
  const c = chain.deployment.contracts;
  return {
    registry: c.IPRegistry as Address,
    terms: c.LicenseTerms as Address,
    licenses: c.LicenseToken as Address,
    superToken: chain.deployment.currency.superToken,
    underlying: chain.deployment.currency.underlying,
  };
}

/** How the helpers send a verb's request: as `wallet`, waiting for the receipt (a revert throws). */
export const send = (chain: Chain, wallet: Wallet, request: ContractWrite) =>
  sendWrite({ publicClient: chain.publicClient, walletClient: wallet }, request);
const sendAll = (chain: Chain, wallet: Wallet, steps: readonly Step[]) =>
  sendSteps({ publicClient: chain.publicClient, walletClient: wallet }, steps);

/**
 * Gives `wallet` at least `amount` (18 decimals) of the SuperToken the way a user gets it: mint the 6-decimal
 * stablecoin it takes (rounded up to whole stablecoin units), approve, upgrade.
 */
export async function fundSuperToken(chain: Chain, wallet: Wallet, amount = parseEther("10000")) {
  const underlying = toUnderlyingAmount(chain.deployment.currency, amount, true);
  await send(chain, wallet, mintTestCurrency(chain.deployment, wallet.account.address, underlying));
  await sendAll(chain, wallet, wrapSteps(chain.deployment, underlying));
}

/** Lets `spender` move `wallet`'s SuperTokens without limit. */
export async function approveSuperToken(chain: Chain, wallet: Wallet, spender: Address) {
  await send(chain, wallet, approveCurrency(chain.deployment, spender, 2n ** 255n));
}

export async function superTokenBalance(chain: Chain, account: Address): Promise<bigint> {
  return wrappedBalance(chain.publicClient, chain.deployment, account);
}

export interface RegisterOptions {
  kind?: number;
  content?: ReturnType<typeof newContent>;
  c2paManifestHash?: Hex;
  royaltyBps?: number;
  parentLicenseIds?: bigint[];
  termsIds?: bigint[];
}

function registrationInput(o: RegisterOptions): RegistrationInput {
  const content = o.content ?? newContent();
  const { contentHash, contentCid, metadataCid } = content;
  return { ...o, kind: kinds[o.kind ?? Kind.Work], contentHash, contentCid, metadataCid };
}

/** The struct `IPRegistry.register` takes, with test defaults (a work, fresh content, a 5% royalty). */
export function registration(o: RegisterOptions = {}) {
  return buildRegistration(registrationInput(o));
}

/** A fresh random salt for a registration commitment. */
export const newSalt = newRegistrationSalt;
export { registrationCommitment };

/**
 * First step of a registration: `wallet` commits to the registration's content hash with a fresh salt. With
 * automine each transaction is its own block, so the reveal may be the very next transaction.
 */
export async function commitRegistration(chain: Chain, wallet: Wallet, o: RegisterOptions = {}) {
  const r = registration(o);
  const salt = newSalt();
  const commitment = registrationCommitment(r.contentHash, wallet.account.address, salt);
  const receipt = await send(chain, wallet, commitRegistrationRequest(chain.deployment, commitment));
  return { registration: r, salt, commitment, receipt };
}

/**
 * Registers an IP as `wallet` the way a creator must, through the protocol's steps: commit, then reveal in a later
 * block. Returns its id, the reveal's receipt (`receipt`) and the commitment's (`commitReceipt`).
 */
export async function register(chain: Chain, wallet: Wallet, o: RegisterOptions = {}) {
  const input = registrationInput(o);
  const salt = newSalt();
  const steps = registrationSteps(chain.deployment, input, { creator: wallet.account.address, salt });
  const [commitReceipt, receipt] = await sendAll(chain, wallet, steps);
  const ipId = registeredIpId(receipt.logs);
  if (ipId === undefined) throw new Error("the registration recorded no IPRegistered event");
  return { ipId, receipt, commitReceipt, registration: buildRegistration(input), salt };
}

/** Buys a license as `wallet` (approving the license token first) and returns its id and the receipt. */
export async function buyLicense(chain: Chain, wallet: Wallet, ipId: bigint, termsId: bigint, maxFee = 2n ** 96n) {
  const receipt = (await sendAll(chain, wallet, buyLicenseSteps(chain.deployment, { ipId, termsId, maxFee }))).at(-1)!;
  const licenseId = purchasedLicenseId(receipt.logs);
  if (licenseId === undefined) throw new Error("the purchase recorded no LicensePurchased event");
  return { licenseId, receipt };
}

export async function attachTerms(chain: Chain, wallet: Wallet, ipId: bigint, termsId: bigint) {
  return send(chain, wallet, attachTermsRequest(chain.deployment, ipId, termsId));
}

export async function hasAccess(chain: Chain, ipId: bigint, account: Address, use: number): Promise<boolean> {
  return readAccess(chain.publicClient, chain.deployment, ipId, account, uses[use]);
}

export type TermsInput = {
  commercialUse: boolean;
  derivativesAllowed: boolean;
  aiTrainingAllowed: boolean;
  attributionRequired: boolean;
  transferable: boolean;
  duration: number;
  maxLicenses: number;
  derivativeRoyaltyBps: number;
  minStreamRate: bigint;
  minStreamPeriod: number;
  upfrontFee: bigint;
  currency: Address;
  pricePerUnit: bigint;
  maxUnpaidUnits: bigint;
  legalTextURI: string;
};

/** Sensible terms (AI training for a flat fee) with any field overridden. */
export function terms(chain: Chain, overrides: Partial<TermsInput> = {}): TermsInput {
  return {
    commercialUse: false,
    derivativesAllowed: false,
    aiTrainingAllowed: true,
    attributionRequired: true,
    transferable: true,
    duration: 30 * 24 * 3600,
    maxLicenses: 0,
    derivativeRoyaltyBps: 0,
    minStreamRate: 0n,
    minStreamPeriod: 0,
    upfrontFee: parseEther("5"),
    currency: addresses(chain).superToken,
    pricePerUnit: 0n,
    maxUnpaidUnits: 0n,
    legalTextURI: "urn:test:terms",
    ...overrides,
  };
}

/** Registers terms as `wallet` and returns their id. */
export async function registerTerms(chain: Chain, wallet: Wallet, t: TermsInput): Promise<bigint> {
  const { result, request } = await chain.publicClient.simulateContract({
    ...registerTermsRequest(chain.deployment, t),
    account: wallet.account,
  });
  await chain.publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract(request) });
  return result;
}

/** The decoded args of every `eventName` event of `abi` in `logs`. */
export function eventArgs(
  logs: readonly { data: Hex; topics: readonly Hex[] }[],
  abi: readonly unknown[],
  eventName: string,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const log of logs) {
    try {
      const decoded = decodeEventLog({
        abi: abi as never,
        data: log.data,
        topics: log.topics as [Hex, ...Hex[]],
      }) as unknown as {
        eventName: string;
        args: Record<string, unknown>;
      };
      if (decoded.eventName === eventName) out.push(decoded.args);
    } catch {
      // another contract's event
    }
  }
  return out;
}
