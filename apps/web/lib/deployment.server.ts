import path from "node:path";
import { type DeploymentLookup, loadDeployment as loadDeploymentFile } from "@ipnft/protocol/deployment-file";

/** The chain the app serves; the local chain unless told otherwise. */
export const appChainId = Number(process.env.CHAIN_ID ?? 31337);

/** `deployments/` at the repository root (Next runs in apps/web), unless $DEPLOYMENTS_DIR points elsewhere. */
const deploymentsDir = process.env.DEPLOYMENTS_DIR ?? path.resolve(process.cwd(), "../../deployments");

/**
 * Reads the deployment file on every request, so a redeployed chain (`npm run dev` again) is picked
 * up at once and the app never points at stale addresses.
 */
export function loadDeployment(chainId = appChainId): Promise<DeploymentLookup> {
  return loadDeploymentFile(chainId, deploymentsDir);
}
