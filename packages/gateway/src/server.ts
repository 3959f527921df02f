import type { Deployment } from "@ipnft/protocol/deployment";
import { loadDeployment } from "@ipnft/protocol/deployment-file";
import { createPublicClient, createWalletClient, type Hex, http, type PublicClient } from "viem";
import { nonceManager, privateKeyToAccount } from "viem/accounts";
import type { GatewayConfig } from "./config";
import { createContentStore } from "./content/store";
import { createGateway, type Gateway } from "./create-gateway";
import { errorResponse } from "./http";
import { usageMeteringFor } from "./metering/usage-receipts";

/**
 * The gateway as a long-running server runs it (the Next app): one instance per process, created on first use from
 * the configuration and the deployment file, and recreated when that file changes (a fresh `npm run dev`
 * redeploys), so it never serves from stale contract addresses.
 */
export type GatewaySource = () => Promise<Gateway | Response>;

export function servedGateway(config: GatewayConfig): GatewaySource {
  let current: { key: string; gateway: Promise<Gateway> } | undefined;

  async function build(deployment: Deployment): Promise<Gateway> {
    const transport = http(deployment.rpcUrl, { batch: false, retryCount: 1 });
    const client = createPublicClient({ transport }) as PublicClient;
    const settler = await settlementWallet(config, deployment);
    return createGateway({
      deployment,
      client,
      store: createContentStore(config.dataDir),
      publicOrigin: config.publicOrigin,
      maxUploadBytes: config.maxUploadBytes,
      database: { url: config.databaseUrl, dir: config.dbDir, migrationsDir: config.migrationsDir },
      uploadQuota: { bytesPerDay: config.uploadBytesPerDay, perMinute: config.uploadsPerMinute },
      receiptLimits: { perRequest: config.receiptsPerRequest, postsPerMinute: config.receiptPostsPerMinute },
      sessionSecret: config.sessionSecret,
      metering: usageMeteringFor({ deployment, client, settler, settleEveryMs: config.settleEveryMs }),
      payPerFile: settler ? { settler } : undefined,
    });
  }

  return async () => {
    const lookup = await loadDeployment(config.chainId, config.deploymentsDir);
    if ("problem" in lookup) return errorResponse(503, "not_deployed", lookup.problem);
    const { chainId, rpcUrl, startBlock, contracts } = lookup.deployment;
    const key = JSON.stringify([chainId, rpcUrl, startBlock, contracts]);
    if (current?.key !== key) {
      const previous = current;
      current = { key, gateway: build(lookup.deployment) };
      current.gateway.catch(() => {
        current = undefined;
      });
      void previous?.gateway.then((g) => g.close()).catch(() => {});
    }
    return current.gateway;
  };
}

/**
 * Who sends settlement transactions: the configured key (`GATEWAY_PRIVATE_KEY`), else on the local chain one of
 * the node's unlocked accounts (the deployer). No key is ever in the repository.
 */
async function settlementWallet(config: GatewayConfig, deployment: Deployment) {
  const transport = http(deployment.rpcUrl);
  // One nonce manager for every settlement this key sends (usage receipts and x402 payments, in parallel).
  const keyed = (key: Hex) => privateKeyToAccount(key, { nonceManager });
  if (config.privateKey) return createWalletClient({ account: keyed(config.privateKey), transport });
  if (deployment.chainId !== 31337) return undefined;
  const [account] = await createWalletClient({ transport }).getAddresses();
  return account ? createWalletClient({ account, transport }) : undefined;
}
