import { datasetsAbi, royaltyPoolsAbi, shareTokenAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import { type Offer, termsAllow, type Use } from "@ipnft/protocol/terms";
import type { Work, WorkReader } from "@ipnft/protocol/works";
import { x402Facilitator } from "@x402/core/facilitator";
import type { PaymentPayload, PaymentRequirements } from "@x402/core/types";
import { type ExactEIP3009Payload, eip3009ABI, isEIP3009Payload, toFacilitatorEvmSigner } from "@x402/evm";
import { ExactEvmScheme } from "@x402/evm/exact/facilitator";
import { asc, eq } from "drizzle-orm";
import {
  type Address,
  getAddress,
  type Hex,
  type PublicClient,
  publicActions,
  type WalletClient,
  zeroAddress,
} from "viem";
import type { GatewayDb } from "../db/database";
import { x402Payments } from "../db/schema";
import { DEFAULT_PAID_REQUEST_LIMITS, type PaidRequestLimits } from "./paid-limits";
import { type ResumeTokens, resumeTokens } from "./resume-token";

/**
 * Pay per file with x402 (v2, scheme `exact`): a work whose open offer for a use is "pay per file" (no fee up front,
 * no stream, a price per file) can be bought one file at a time by a client with no license, in the currency's
 * underlying stablecoin (EIP-3009 `transferWithAuthorization`). The gateway runs its own facilitator with its own
 * settlement key: it verifies the signed authorization, settles it on chain, and only then serves the bytes.
 * The money goes to the IP's share token when it has one (which wraps it and distributes it to the holders and the
 * parents' pools); for an open dataset, to its inbox (`Datasets.inboxOf`), which the gateway then flushes into the
 * dataset's pool (curator and members by their units); else to the IP's owner: never to the gateway.
 */
export interface PayPerFileOptions {
  /** Sends settlement transactions: the gateway's key, with viem's nonceManager so parallel settlements line up. */
  settler: WalletClient;
  /** Seconds a payment authorization may live (120 unless told). */
  maxTimeoutSeconds?: number;
  /** Paid requests per minute, per payer and per network address (see paid-limits.ts). */
  limits?: Partial<PaidRequestLimits>;
  /** How long the token that resumes a paid file lives, in seconds (600 unless told; see resume-token.ts). */
  resumeSeconds?: number;
  /** How many requests one such token may make (16 unless told). */
  maxResumes?: number;
}

/** One settled payment, as the gateway keeps it. */
export interface PaidDownload {
  ipId: string;
  payer: Address;
  payTo: Address;
  asset: Address;
  amount: string;
  network: string;
  transaction: string;
  cid: string;
  at: string;
}

export interface PayPerFile {
  /** The open pay-per-file offer of a work for a use, if any. */
  offerOf(work: Work, use: Use): Offer | undefined;
  /** What a client pays for one file of `work` under `offer`. */
  requirements(work: Work, offer: Offer): Promise<PaymentRequirements>;
  readonly facilitator: x402Facilitator;
  /** Whether an EIP-3009 payment's authorization was already used on chain (a replay), so it reads as one. */
  used(payload: PaymentPayload): Promise<boolean>;
  /** Records a settled payment in the gateway's database (before any byte is served). */
  record(paid: PaidDownload): Promise<void>;
  /** Payments recorded for a payer, oldest first. */
  paymentsOf(payer: Address): Promise<PaidDownload[]>;
  /**
   * Passes income held by a share token on to its pool (after a payment to it), then the parents' cut on to theirs,
   * up the work's ancestry; or flushes a dataset's inbox into the dataset's pool. Errors are logged, not thrown.
   */
  distribute(payTo: Address, work: Work): void;
  readonly limits: PaidRequestLimits;
  /** Tokens that let a payer fetch the rest of a file it paid for. */
  readonly tokens: ResumeTokens;
  readonly maxResumes: number;
}

interface Context {
  deployment: Deployment;
  client: PublicClient;
  reader: WorkReader;
  database: { db: GatewayDb };
  /** The gateway's session secret: resume tokens are signed with a key derived from it. */
  secret: Buffer;
}

/** At most this many share tokens are distributed after one payment (the work's and its ancestors'). */
const MAX_DISTRIBUTED = 16;

export async function createPayPerFile(options: PayPerFileOptions, ctx: Context): Promise<PayPerFile> {
  const { deployment, client } = ctx;
  const { settler } = options;
  if (!settler.account) throw new Error("x402 settlement needs a wallet with an account (GATEWAY_PRIVATE_KEY).");
  // Paid in the currency's underlying stablecoin (EIP-3009), whose EIP-712 domain the deployment records.
  const asset = getAddress(deployment.currency.underlying);
  const { name, version } = deployment.currency.underlyingEip712;
  const decimals = deployment.currency.underlyingDecimals;
  const network = `eip155:${deployment.chainId}` as const;
  const maxTimeoutSeconds = options.maxTimeoutSeconds ?? 120;
  const signer = settler.extend(publicActions);
  const facilitator = new x402Facilitator().register(
    network,
    new ExactEvmScheme(
      toFacilitatorEvmSigner(
        { ...(signer as unknown as Parameters<typeof toFacilitatorEvmSigner>[0]), address: settler.account.address },
        { confirmationTimeoutMs: 30_000 },
      ),
    ),
  );

  const { db } = ctx.database;

  /** An IP's share token, if its shares are enabled. */
  async function shareTokenOf(ipId: bigint): Promise<Address | undefined> {
    const pools = deployment.contracts.RoyaltyPools;
    if (!pools) return undefined;
    const shareToken = await client.readContract({
      address: pools,
      abi: royaltyPoolsAbi,
      functionName: "shareTokenOf",
      args: [ipId],
    });
    return shareToken === zeroAddress ? undefined : getAddress(shareToken);
  }

  /** The inbox of a dataset IP that is open (payments sent there are flushed into its pool), if it is one. */
  async function datasetInboxOf(work: Work): Promise<Address | undefined> {
    const datasets = deployment.contracts.Datasets;
    if (work.kind !== "Dataset" || !datasets) return undefined;
    const read = (functionName: "poolOf" | "inboxOf") =>
      client.readContract({ address: datasets, abi: datasetsAbi, functionName, args: [work.ipId] });
    if ((await read("poolOf")) === zeroAddress) return undefined;
    return getAddress(await read("inboxOf"));
  }

  /**
   * Where a file's price goes: an open dataset's inbox (flushed into its pool), the IP's share token (which wraps it
   * and distributes it), else the owner.
   */
  async function payeeOf(work: Work): Promise<Address> {
    return (await datasetInboxOf(work)) ?? (await shareTokenOf(work.ipId)) ?? getAddress(work.owner);
  }

  /** Wraps what waits in dataset `ipId`'s inbox and pays it into the dataset's pool, and waits for it. */
  async function flushDatasetInbox(ipId: bigint) {
    const hash = await settler.writeContract({
      address: deployment.contracts.Datasets as Address,
      abi: datasetsAbi,
      functionName: "flushInbox",
      args: [ipId],
      account: settler.account!,
      chain: settler.chain,
    });
    await client.waitForTransactionReceipt({ hash });
  }

  /** Calls `distributeIncome` on a share token and waits for it. */
  async function distributeAt(shareToken: Address) {
    const hash = await settler.writeContract({
      address: shareToken,
      abi: shareTokenAbi,
      functionName: "distributeIncome",
      account: settler.account!,
      chain: settler.chain,
    });
    await client.waitForTransactionReceipt({ hash });
  }

  /**
   * The share tokens of a work's ancestors, nearest first (breadth first, each once, at most MAX_DISTRIBUTED - 1):
   * each holds units in its child's pool, so a distribution below leaves its cut there, to be passed on.
   */
  async function ancestorShareTokens(work: Work): Promise<Address[]> {
    const found: Address[] = [];
    const seen = new Set<bigint>([work.ipId]);
    let level = work.parents.map((p) => p.ipId);
    while (level.length && found.length < MAX_DISTRIBUTED - 1) {
      const next: bigint[] = [];
      for (const ipId of level) {
        if (seen.has(ipId) || found.length >= MAX_DISTRIBUTED - 1) continue;
        seen.add(ipId);
        const token = await shareTokenOf(ipId);
        if (token) found.push(token);
        const parent = await ctx.reader.work(ipId);
        next.push(...(parent?.parents.map((p) => p.ipId) ?? []));
      }
      level = next;
    }
    return found;
  }

  const limits = { ...DEFAULT_PAID_REQUEST_LIMITS };
  for (const [key, value] of Object.entries(options.limits ?? {})) {
    if (value !== undefined) limits[key as keyof PaidRequestLimits] = value;
  }

  return {
    facilitator,
    offerOf: (work, use) =>
      work.offers.find(
        (o) =>
          o.salesOpen &&
          termsAllow(o.terms, use) &&
          o.terms.pricePerUnit > 0n &&
          o.terms.upfrontFee === 0n &&
          o.terms.minStreamRate === 0n,
      ),
    async requirements(work, offer) {
      // Terms price in the currency (a SuperToken, 18 decimals); the stablecoin counts `decimals`: round up.
      const scale = 10n ** BigInt(Math.abs(18 - decimals));
      const price = offer.terms.pricePerUnit;
      const amount = decimals <= 18 ? (price + scale - 1n) / scale : price * scale;
      return {
        scheme: "exact",
        network,
        asset,
        amount: amount.toString(),
        payTo: await payeeOf(work),
        maxTimeoutSeconds,
        extra: { name, version, paymentFlow: "upfront" },
      };
    },
    async used(payload) {
      if (!isEIP3009Payload(payload.payload as never)) return false;
      const { from, nonce } = (payload.payload as unknown as ExactEIP3009Payload).authorization;
      return client.readContract({
        address: asset,
        abi: eip3009ABI,
        functionName: "authorizationState",
        args: [from as Address, nonce as Hex],
      }) as Promise<boolean>;
    },
    async record(paid) {
      await db.insert(x402Payments).values({ ...paid, payer: paid.payer.toLowerCase(), at: Date.parse(paid.at) });
    },
    async paymentsOf(payer) {
      const rows = await db
        .select()
        .from(x402Payments)
        .where(eq(x402Payments.payer, payer.toLowerCase()))
        .orderBy(asc(x402Payments.at));
      return rows.map((r) => ({
        ...r,
        payer: getAddress(r.payer),
        payTo: getAddress(r.payTo),
        asset: getAddress(r.asset),
        at: new Date(r.at).toISOString(),
      }));
    },
    distribute(payTo, work) {
      void (async () => {
        // A dataset's inbox may hold no code until its first flush: it is recognised by address, not by code.
        if (getAddress(payTo) === (await datasetInboxOf(work))) return flushDatasetInbox(work.ipId);
        const code = await client.getCode({ address: payTo });
        if (!code || code === "0x") return;
        await distributeAt(payTo);
        // The parents' cut now sits in their share tokens (members of this pool): passed on to their holders.
        for (const token of await ancestorShareTokens(work)) await distributeAt(token);
      })().catch((error) => console.error("gateway: distributing x402 income failed:", (error as Error).message));
    },
    limits,
    tokens: resumeTokens(ctx.secret, (options.resumeSeconds ?? 600) * 1000),
    maxResumes: options.maxResumes ?? 16,
  };
}
