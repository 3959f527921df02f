import path from "node:path";
import type { NonceAnswer } from "@ipnft/gateway/api";
import type { Deployment } from "@ipnft/protocol/deployment";
import type { Terms } from "@ipnft/protocol/terms";
import { describeTerms } from "@ipnft/protocol/terms-words";
import { createWorkReader, protocolAddresses, type WorkReader } from "@ipnft/protocol/works";
import {
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  formatUnits,
  http,
  type PublicClient,
  type WalletClient,
} from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { type Signer, signRequest } from "../request-signature";
import { type TrustedMeter, trustDeployment } from "../trust";
import { openUsageBook, type UsageBook } from "../usage-book";
import type { AgentConfig } from "./config";
import { openSpendLedger, type SpendLedger } from "./spend-limits";

/**
 * Everything the agent's tools act with, opened once: the key (as signer and as wallet), the chain read through the
 * trusted deployment, the gateway reached with per-request signatures, the client's usage book and the spend ledger.
 */
export interface Agent {
  config: AgentConfig;
  deployment: Deployment;
  account: PrivateKeyAccount;
  signer: Signer;
  publicClient: PublicClient;
  walletClient: WalletClient;
  reader: WorkReader;
  trust: TrustedMeter;
  book: UsageBook;
  ledger: SpendLedger;
  /** Where verified files and the agent's manifest live. */
  filesDir: string;
  manifestFile: string;
  /** A request to the gateway signed by the agent's key (EIP-712, one per request). */
  signedFetch(
    url: string,
    init?: { method?: string; body?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  /** The terms in words, in the deployment's currency. */
  describe(terms: Terms): string;
}

export class AgentRefusal extends Error {}

export async function openAgent(config: AgentConfig): Promise<Agent> {
  const { deployment } = config;
  const addresses = protocolAddresses(deployment);
  if (!addresses) throw new AgentRefusal(`The protocol is not deployed on chain ${deployment.chainId}.`);
  const answer = await fetch(`${config.gateway}/api/auth/nonce`).catch((error: Error) => {
    throw new AgentRefusal(`The gateway ${config.gateway} did not answer: ${error.message}`);
  });
  const { chainId } = (await answer.json()) as NonceAnswer;
  if (chainId !== deployment.chainId) {
    throw new AgentRefusal(
      `The gateway serves chain ${chainId}, but the trusted deployment (${config.deploymentSource}) is chain ` +
        `${deployment.chainId}.`,
    );
  }
  const chain: Chain = defineChain({
    id: deployment.chainId,
    name: `chain ${deployment.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
  const account = privateKeyToAccount(config.key);
  const publicClient = createPublicClient({ chain, transport: http(config.rpcUrl) }) as PublicClient;
  const walletClient = createWalletClient({ account, chain, transport: http(config.rpcUrl) });
  const signer: Signer = { address: account.address, signTypedData: (typedData) => account.signTypedData(typedData) };
  const trust = trustDeployment(deployment, config.deploymentSource);
  const filesDir = path.join(config.dataDir, "files");
  const currency = {
    symbol: deployment.currency.superTokenSymbol,
    decimals: deployment.currency.decimals,
    superToken: deployment.currency.superToken,
  };
  return {
    config,
    deployment,
    account,
    signer,
    publicClient,
    walletClient,
    reader: createWorkReader(publicClient, addresses),
    trust,
    book: await openUsageBook(path.join(config.dataDir, "usage-book.json"), {
      chainId: trust.chainId,
      usageMeter: trust.usageMeter,
      account: account.address,
    }),
    ledger: await openSpendLedger(
      path.join(config.dataDir, "spend-ledger.json"),
      config.limits,
      undefined,
      (value) => `${formatUnits(value, deployment.currency.decimals)} ${deployment.currency.superTokenSymbol}`,
    ),
    filesDir,
    manifestFile: path.join(config.dataDir, "manifest.json"),
    async signedFetch(url, init = {}) {
      const method = init.method ?? "GET";
      const authorization = await signRequest(signer, chainId, url, method);
      const headers: Record<string, string> = { ...init.headers, authorization };
      if (init.body) headers["content-type"] = "application/json";
      return fetch(url, { method, body: init.body, headers });
    },
    describe: (t) => describeTerms(t, currency),
  };
}

/** A JSON answer from the gateway, or a refusal naming its error code and reason. */
export async function gatewayJson<T>(response: Response, what: string): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as T & { error?: string; reason?: string };
  if (!response.ok) {
    throw new AgentRefusal(`${what}: the gateway answered ${response.status} ${body.error ?? ""} ${body.reason ?? ""}`);
  }
  return body;
}
