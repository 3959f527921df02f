import { createHash } from "node:crypto";
import type { Address, Hex } from "viem";
import { bytesToHex, concat, decodeEventLog, parseEther, toHex } from "viem";
import {
  iPRegistryAbi,
  licenseTermsAbi,
  licenseTokenAbi,
  superTokenAbi,
  testTokenAbi,
} from "../../apps/web/generated/abis.js";
import type { deployedChain } from "./chain.js";

export type Chain = Awaited<ReturnType<typeof deployedChain>>;
export type Wallet = Chain["wallets"][number];

export const Kind = { Work: 0, Style: 1, Dataset: 2 } as const;
export const Use = { AiTraining: 0, Commercial: 1, Derivative: 2 } as const;
/** Preset term ids, in the order LicenseTerms' constructor registers them. */
export const Preset = { NoAiTraining: 1n, AiTrainingFlatFee: 2n, AiTrainingStreamed: 3n, CommercialRemix: 4n } as const;

const RAW = 0x55;
const DAG_PB = 0x70;

/** SHA-256 of `bytes`, as a 0x-prefixed word. */
export const sha256 = (bytes: Uint8Array | string): Hex =>
  `0x${createHash("sha256").update(bytes).digest("hex")}`;

/** Binary CIDv1 (sha2-256) of `digest` with `codec`. */
export const cidBytes = (digest: Hex, codec = RAW): Hex => concat([toHex(new Uint8Array([1, codec, 0x12, 0x20])), digest]);

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

/** Gives `wallet` `amount` of the SuperToken the way a user gets it: mint the stablecoin, approve, upgrade. */
export async function fundSuperToken(chain: Chain, wallet: Wallet, amount = parseEther("10000")) {
  const { superToken, underlying } = addresses(chain);
  const { publicClient } = chain;
  const wait = async (hash: Hex) => publicClient.waitForTransactionReceipt({ hash });
  await wait(await wallet.writeContract({ address: underlying, abi: testTokenAbi, functionName: "mint", args: [wallet.account.address, amount] }));
  await wait(await wallet.writeContract({ address: underlying, abi: testTokenAbi, functionName: "approve", args: [superToken, amount] }));
  await wait(await wallet.writeContract({ address: superToken, abi: superTokenAbi, functionName: "upgrade", args: [amount] }));
}

/** Lets `spender` move `wallet`'s SuperTokens without limit. */
export async function approveSuperToken(chain: Chain, wallet: Wallet, spender: Address) {
  const { superToken } = addresses(chain);
  const hash = await wallet.writeContract({
    address: superToken,
    abi: superTokenAbi,
    functionName: "approve",
    args: [spender, 2n ** 255n],
  });
  await chain.publicClient.waitForTransactionReceipt({ hash });
}

export async function superTokenBalance(chain: Chain, account: Address): Promise<bigint> {
  return chain.publicClient.readContract({
    address: addresses(chain).superToken,
    abi: superTokenAbi,
    functionName: "balanceOf",
    args: [account],
  });
}

export interface RegisterOptions {
  kind?: number;
  content?: ReturnType<typeof newContent>;
  c2paManifestHash?: Hex;
  royaltyBps?: number;
  parentLicenseIds?: bigint[];
  termsIds?: bigint[];
}

export function registration(o: RegisterOptions = {}) {
  const content = o.content ?? newContent();
  return {
    kind: o.kind ?? Kind.Work,
    contentHash: content.contentHash,
    contentCid: content.contentCid,
    metadataCid: content.metadataCid,
    c2paManifestHash: o.c2paManifestHash ?? bytesToHex(new Uint8Array(32)),
    royaltyBps: o.royaltyBps ?? 500,
    parentLicenseIds: o.parentLicenseIds ?? [],
    termsIds: o.termsIds ?? [],
  };
}

/** Registers an IP as `wallet` and returns its id and the receipt. */
export async function register(chain: Chain, wallet: Wallet, o: RegisterOptions = {}) {
  const { registry } = addresses(chain);
  const r = registration(o);
  const hash = await wallet.writeContract({ address: registry, abi: iPRegistryAbi, functionName: "register", args: [r] });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  const ipId = eventArgs(receipt.logs, iPRegistryAbi, "IPRegistered")[0].ipId as bigint;
  return { ipId, receipt, registration: r };
}

/** Buys a license as `wallet` (approving the license token first) and returns its id and the receipt. */
export async function buyLicense(chain: Chain, wallet: Wallet, ipId: bigint, termsId: bigint, maxFee = 2n ** 96n) {
  const { licenses } = addresses(chain);
  await approveSuperToken(chain, wallet, licenses);
  const hash = await wallet.writeContract({
    address: licenses,
    abi: licenseTokenAbi,
    functionName: "buyLicense",
    args: [ipId, termsId, maxFee],
  });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  const licenseId = eventArgs(receipt.logs, licenseTokenAbi, "LicensePurchased")[0].licenseId as bigint;
  return { licenseId, receipt };
}

export async function attachTerms(chain: Chain, wallet: Wallet, ipId: bigint, termsId: bigint) {
  const hash = await wallet.writeContract({
    address: addresses(chain).licenses,
    abi: licenseTokenAbi,
    functionName: "attachTerms",
    args: [ipId, termsId],
  });
  return chain.publicClient.waitForTransactionReceipt({ hash });
}

export async function hasAccess(chain: Chain, ipId: bigint, account: Address, use: number): Promise<boolean> {
  return chain.publicClient.readContract({
    address: addresses(chain).licenses,
    abi: licenseTokenAbi,
    functionName: "hasAccess",
    args: [ipId, account, use],
  });
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
  const address = addresses(chain).terms;
  const { result, request } = await chain.publicClient.simulateContract({
    address,
    abi: licenseTermsAbi,
    functionName: "registerTerms",
    args: [t],
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
      const decoded = decodeEventLog({ abi: abi as never, data: log.data, topics: log.topics as [Hex, ...Hex[]] }) as unknown as {
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
