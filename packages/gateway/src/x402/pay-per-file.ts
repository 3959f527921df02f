import { royaltyPoolsAbi, shareTokenAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import { type Offer, termsAllow, type Use } from "@ipnft/protocol/terms";
import type { Work } from "@ipnft/protocol/works";
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

/**
 * Pay per file with x402 (v2, scheme `exact`): a work whose open offer for a use is "pay per file" (no fee up front,
 * no stream, a price per file) can be bought one file at a time by a client with no license, in the currency's
 * underlying stablecoin (EIP-3009 `transferWithAuthorization`). The gateway runs its own facilitator with its own
 * settlement key: it verifies the signed authorization, settles it on chain, and only then serves the bytes.
 * The money goes to the IP's share token when it has one (which wraps it and distributes it to the holders and the
 * parents' pools), else to the IP's owner: never to the gateway.
 */
export interface PayPerFileOptions {
  /** Sends settlement transactions: the gateway's key, with viem's nonceManager so parallel settlements line up. */
  settler: WalletClient;
  /** Seconds a payment authorization may live (120 unless told). */
  maxTimeoutSeconds?: number;
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
  /** Passes income held by a share token on to its pool (after a payment to it); errors are logged, not thrown. */
  distribute(payTo: Address): void;
}

interface Context {
  deployment: Deployment;
  client: PublicClient;
  database: { db: GatewayDb };
}

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

  /** Where a file's price goes: the IP's share token (which wraps it and distributes it), else the owner. */
  async function payeeOf(work: Work): Promise<Address> {
    const pools = deployment.contracts.RoyaltyPools;
    if (pools) {
      const shareToken = await client.readContract({
        address: pools,
        abi: royaltyPoolsAbi,
        functionName: "shareTokenOf",
        args: [work.ipId],
      });
      if (shareToken !== zeroAddress) return getAddress(shareToken);
    }
    return getAddress(work.owner);
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
    distribute(payTo) {
      void (async () => {
        const code = await client.getCode({ address: payTo });
        if (!code || code === "0x") return;
        const hash = await settler.writeContract({
          address: payTo,
          abi: shareTokenAbi,
          functionName: "distributeIncome",
          account: settler.account!,
          chain: settler.chain,
        });
        await client.waitForTransactionReceipt({ hash });
      })().catch((error) => console.error("gateway: distributing x402 income failed:", (error as Error).message));
    },
  };
}
