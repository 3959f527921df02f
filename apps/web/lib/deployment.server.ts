import { readFile } from "node:fs/promises";
import path from "node:path";
import { type Deployment, parseDeployment } from "./deployment";

/** The chain the app serves; the local chain unless told otherwise. */
export const appChainId = Number(process.env.CHAIN_ID ?? 31337);

/** `deployments/` at the repository root, unless $DEPLOYMENTS_DIR points elsewhere (tests do). */
function deploymentsDir(): string {
  return process.env.DEPLOYMENTS_DIR ?? path.resolve(process.cwd(), "../../deployments");
}

export type DeploymentLookup = { deployment: Deployment } | { problem: string };

/**
 * Reads the deployment file on every request, so a redeployed chain (`npm run dev` again) is picked
 * up at once and the app never points at stale addresses.
 */
export async function loadDeployment(chainId = appChainId): Promise<DeploymentLookup> {
  const file = path.join(deploymentsDir(), `${chainId}.json`);
  try {
    return { deployment: parseDeployment(JSON.parse(await readFile(file, "utf8"))) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return { problem: `No contracts are deployed for chain ${chainId} yet. Start everything with \`npm run dev\`.` };
    }
    return { problem: `The deployment file for chain ${chainId} is unreadable: ${(error as Error).message}` };
  }
}
