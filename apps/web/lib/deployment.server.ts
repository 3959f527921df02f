import path from "node:path";
import { readGatewayConfig } from "@ipnft/gateway/config";
import { type DeploymentLookup, loadDeployment as loadDeploymentFile } from "@ipnft/protocol/deployment-file";

/**
 * The server's settings (CHAIN_ID, DEPLOYMENTS_DIR, DATA_DIR, GATEWAY_*; see .env.example), read once from the
 * environment. Next runs the app in apps/web, so the repository root is two levels up.
 */
export const serverConfig = readGatewayConfig(process.env, { root: path.resolve(process.cwd(), "../..") });

/** The chain the app serves; the local chain unless told otherwise. */
export const appChainId = serverConfig.chainId;

/**
 * Reads the deployment file on every request, so a redeployed chain (`npm run dev` again) is picked
 * up at once and the app never points at stale addresses.
 */
export function loadDeployment(chainId = appChainId): Promise<DeploymentLookup> {
  return loadDeploymentFile(chainId, serverConfig.deploymentsDir);
}
