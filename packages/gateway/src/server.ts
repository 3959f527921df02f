import type { Deployment } from "@ipnft/protocol/deployment";
import { loadDeployment } from "@ipnft/protocol/deployment-file";
import { createPublicClient, createWalletClient, http, type PublicClient } from "viem";
import { nonceManager, privateKeyToAccount } from "viem/accounts";
import { contentCredentialsOptions } from "./c2pa/configured";
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
    const settler = settlementWallet(config, deployment);
    return createGateway({
      deployment,
      client,
      store: createContentStore(config.dataDir),
      publicOrigin: config.publicOrigin,
      maxUploadBytes: config.maxUploadBytes,
      database: { url: config.databaseUrl, dir: config.dbDir, migrationsDir: config.migrationsDir },
      uploadQuota: { bytesPerDay: config.uploadBytesPerDay, perMinute: config.uploadsPerMinute },
      similarLimit: {
        requests: config.similarRequests,
        windowMs: config.similarWindowSeconds && config.similarWindowSeconds * 1000,
      },
      receiptLimits: { perRequest: config.receiptsPerRequest, postsPerMinute: config.receiptPostsPerMinute },
      sessionSecret: config.sessionSecret,
      metering: usageMeteringFor({ deployment, client, settler, settleEveryMs: config.settleEveryMs }),
      payPerFile: settler
        ? {
            settler,
            limits: {
              perPayerPerMinute: config.x402PerPayerPerMinute,
              perAddressPerMinute: config.x402PerAddressPerMinute,
            },
          }
        : undefined,
      contentCredentials: await contentCredentialsOptions(config),
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

/** The local chain: the only one where a gateway may run without its own settlement key. */
export const LOCAL_CHAIN_ID = 31337;

/**
 * Who sends settlement transactions: the gateway's own key (`GATEWAY_PRIVATE_KEY`), with viem's nonce manager so
 * rounds sent back to back never reuse a nonce; never a node's unlocked account. Outside the local chain a gateway
 * without a key does not start; on it, it runs and keeps receipts without settling them, and says so.
 */
export function settlementWallet(config: Pick<GatewayConfig, "privateKey">, deployment: Deployment) {
  if (config.privateKey) {
    const account = privateKeyToAccount(config.privateKey, { nonceManager });
    return createWalletClient({ account, transport: http(deployment.rpcUrl) });
  }
  if (deployment.chainId !== LOCAL_CHAIN_ID) {
    throw new Error(
      `GATEWAY_PRIVATE_KEY is not set: on chain ${deployment.chainId} the gateway settles usage receipts with its own ` +
        "key and will not start without one (a funded account's 32-byte hex private key).",
    );
  }
  console.warn(
    "\n*** gateway: GATEWAY_PRIVATE_KEY is not set: usage receipts are KEPT BUT NOT SETTLED on chain. ***\n" +
      "*** Allowed on the local chain (31337) only; set GATEWAY_PRIVATE_KEY to settle. ***\n",
  );
  return undefined;
}
