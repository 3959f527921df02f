import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Deployment, parseDeployment } from "./deployment";

/**
 * The deployment files on disk: `deployments/<chainId>.json`, one per chain, written by `npm run deploy` and read by
 * the app, the gateway, the scripts and the tests. Server-side only (it reads the file system).
 */

/** `deployments/` at the repository root, for scripts and tests that run from the sources (not from a bundle). */
export const repoDeploymentsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../deployments");

/** Where the deployment of a chain lives. */
export function deploymentPath(chainId: number, dir: string = repoDeploymentsDir): string {
  return path.join(dir, `${chainId}.json`);
}

/** Writes atomically, so a reader never sees half a file. */
export function writeDeployment(deployment: Deployment, dir?: string): string {
  const file = deploymentPath(deployment.chainId, dir);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(deployment, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}

/** Reads and checks a chain's deployment; throws when it is missing or malformed. */
export function readDeployment(chainId: number, dir?: string): Deployment {
  return parseDeployment(JSON.parse(readFileSync(deploymentPath(chainId, dir), "utf8")));
}

export type DeploymentLookup = { deployment: Deployment } | { problem: string };

/**
 * Reads the deployment file each time it is asked, so a redeployed chain (`npm run dev` again) is picked up at once
 * and a server never points at stale addresses. A missing or broken file is a problem in words, not a throw.
 */
export async function loadDeployment(chainId: number, dir?: string): Promise<DeploymentLookup> {
  try {
    return { deployment: parseDeployment(JSON.parse(await readFile(deploymentPath(chainId, dir), "utf8"))) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return { problem: `No contracts are deployed for chain ${chainId} yet. Start everything with \`npm run dev\`.` };
    }
    return { problem: `The deployment file for chain ${chainId} is unreadable: ${(error as Error).message}` };
  }
}
