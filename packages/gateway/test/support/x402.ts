import { testUSDCAbi } from "@ipnft/protocol/abis";
import { createWalletClient, custom, parseEther, toHex } from "viem";
import { generatePrivateKey, nonceManager, privateKeyToAccount } from "viem/accounts";
import type { gatewayOnChain } from "../setup";

/**
 * What x402 pay-per-file tests add to a chain: the gateway's own settlement wallet (a fresh key with viem's nonce
 * manager, and gas), and minting of the deployment's stablecoin (TestUSDC: 6 decimals, EIP-3009) to pay with.
 */
export async function x402OnChain(t: Awaited<ReturnType<typeof gatewayOnChain>>) {
  const usdc = t.chain.deployment.currency.underlying;
  const settlerAccount = privateKeyToAccount(generatePrivateKey(), { nonceManager });
  await t.chain.connection.provider.request({
    method: "hardhat_setBalance",
    params: [settlerAccount.address, toHex(parseEther("10"))],
  });
  const settler = createWalletClient({
    account: settlerAccount,
    chain: t.chain.publicClient.chain,
    transport: custom(t.chain.connection.provider),
  });
  return {
    usdc,
    settler,
    /** Mints the stablecoin (millionths) to an account. */
    mint: async (to: `0x${string}`, amount: bigint) =>
      t.wait(
        await t.chain.wallets[0].writeContract({
          address: usdc,
          abi: testUSDCAbi,
          functionName: "mint",
          args: [to, amount],
        }),
      ),
  };
}
