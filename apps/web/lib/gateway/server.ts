import { http, createPublicClient, createWalletClient, type PublicClient } from "viem";
import { createContentStore } from "../content/store";
import type { Deployment } from "@ipnft/protocol/deployment";
import { loadDeployment } from "../deployment.server";
import { errorResponse } from "./errors";
import { type Gateway, createGateway } from "./gateway";
import { usageMeteringFor } from "./usage-receipts";

/**
 * The gateway as the Next app runs it: one instance per process, created on first use and recreated
 * when the deployment file changes (a fresh `npm run dev` redeploys), so it never serves from stale
 * contract addresses.
 */
let current: { key: string; gateway: Promise<Gateway> } | undefined;

function deploymentKey(d: Deployment): string {
  return JSON.stringify([d.chainId, d.rpcUrl, d.startBlock, d.contracts]);
}

async function build(deployment: Deployment): Promise<Gateway> {
  const transport = http(deployment.rpcUrl, { batch: false, retryCount: 1 });
  const client = createPublicClient({ transport }) as PublicClient;
  const settler = await settlementWallet(deployment);
  return createGateway({
    deployment,
    client,
    store: createContentStore(),
    publicOrigin: process.env.GATEWAY_PUBLIC_ORIGIN,
    maxUploadBytes: process.env.GATEWAY_MAX_UPLOAD_BYTES ? Number(process.env.GATEWAY_MAX_UPLOAD_BYTES) : undefined,
    metering: usageMeteringFor({ deployment, client, settler, settleEveryMs: Number(process.env.GATEWAY_SETTLE_EVERY_MS ?? 15_000) }),
  });
}

/**
 * Who sends settlement transactions: on the local chain one of the node's unlocked accounts (the
 * deployer), elsewhere the key in $GATEWAY_PRIVATE_KEY. No key is ever in the repository.
 */
async function settlementWallet(deployment: Deployment) {
  const transport = http(deployment.rpcUrl);
  if (process.env.GATEWAY_PRIVATE_KEY) {
    const { privateKeyToAccount } = await import("viem/accounts");
    return createWalletClient({ account: privateKeyToAccount(process.env.GATEWAY_PRIVATE_KEY as `0x${string}`), transport });
  }
  if (deployment.chainId !== 31337) return undefined;
  const [account] = await createWalletClient({ transport }).getAddresses();
  return account ? createWalletClient({ account, transport }) : undefined;
}

export async function gatewayOrProblem(): Promise<Gateway | Response> {
  const lookup = await loadDeployment();
  if ("problem" in lookup) return errorResponse(503, "not_deployed", lookup.problem);
  const key = deploymentKey(lookup.deployment);
  if (current?.key !== key) {
    const previous = current;
    current = { key, gateway: build(lookup.deployment) };
    current.gateway.catch(() => {
      current = undefined;
    });
    void previous?.gateway.then((g) => g.close()).catch(() => {});
  }
  return current.gateway;
}

type Params = Record<string, string>;

/** A Next route handler that hands the request (and its path parameters) to the gateway. */
export function route(handler: (gateway: Gateway, request: Request, params: Params) => Promise<Response>) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    let gateway: Gateway | Response;
    try {
      gateway = await gatewayOrProblem();
    } catch (error) {
      return errorResponse(503, "gateway_unavailable", `The gateway could not start: ${(error as Error).message}`);
    }
    if (gateway instanceof Response) return gateway;
    return handler(gateway, request, (await context?.params) ?? {});
  };
}
