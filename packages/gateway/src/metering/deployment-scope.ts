import type { Deployment } from "@ipnft/protocol/deployment";
import type { PublicClient } from "viem";

/**
 * The deployment usage and receipts are kept under: the chain id, the meter (or license token) and the hash of the
 * block the deployment finished in. A fresh local chain redeploys the same addresses at the same block numbers, and a
 * receipt signed there would be a valid signature on the new chain; its block hashes differ, so the new deployment
 * starts with no usage and no receipts instead of settling the old chain's. Read from the chain once, when first
 * needed (and again after a failed read).
 */
export function deploymentScope(client: PublicClient, deployment: Deployment): () => Promise<string> {
  let scope: Promise<string> | undefined;
  return () => {
    if (scope) return scope;
    const reading = (async () => {
      const block = await client.getBlock({ blockNumber: BigInt(deployment.startBlock) });
      const contract = deployment.contracts.UsageMeter ?? deployment.contracts.LicenseToken ?? "";
      return `${deployment.chainId}:${contract.toLowerCase()}:${block.hash}`;
    })();
    reading.catch(() => {
      if (scope === reading) scope = undefined;
    });
    scope = reading;
    return reading;
  };
}
