import type { Deployment } from "@ipnft/protocol/deployment";
import { faucetSteps, sendSteps } from "@ipnft/protocol/verbs";
import { parseUnits } from "viem";
import { nodeClients } from "../stack/local-stack";

/** Gives every demo account stablecoin from the faucet and wraps part of it, so balances are never empty. */
export async function fundDemoWallets(deployment: Deployment): Promise<void> {
  const { clients } = await nodeClients(deployment.rpcUrl);
  const wrapped = parseUnits("500", deployment.currency.underlyingDecimals);
  for (const account of Object.values(deployment.devAccounts ?? {})) {
    await sendSteps({ ...clients, account }, faucetSteps(deployment, account, wrapped));
  }
}
