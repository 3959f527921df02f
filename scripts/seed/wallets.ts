import { parseUnits } from "viem";
import { faucetAbi, superTokenAbi, testTokenAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import { nodeClients } from "../stack/local-stack";

/** Gives every demo account stablecoin from the faucet and wraps part of it, so balances are never empty. */
export async function fundDemoWallets(deployment: Deployment): Promise<void> {
  const { clients } = await nodeClients(deployment.rpcUrl);
  const { publicClient, walletClient } = clients;
  const { currency } = deployment;
  const wrapped = parseUnits("500", currency.decimals);
  for (const account of Object.values(deployment.devAccounts ?? {})) {
    const as = { account, chain: walletClient.chain } as const;
    const hashes = [
      await walletClient.writeContract({ ...as, address: deployment.contracts.Faucet!, abi: faucetAbi, functionName: "drip", args: [account] }),
      await walletClient.writeContract({ ...as, address: currency.underlying, abi: testTokenAbi, functionName: "approve", args: [currency.superToken, wrapped] }),
      await walletClient.writeContract({ ...as, address: currency.superToken, abi: superTokenAbi, functionName: "upgrade", args: [wrapped] }),
    ];
    for (const hash of hashes) await publicClient.waitForTransactionReceipt({ hash });
  }
}
