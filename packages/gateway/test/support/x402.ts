import { createWalletClient, custom, parseEther, toHex } from "viem";
import { generatePrivateKey, nonceManager, privateKeyToAccount } from "viem/accounts";
import type { gatewayOnChain } from "../setup";

/**
 * What x402 pay-per-file tests add to a chain: a USDC-shaped test token (6 decimals, EIP-712 version "2",
 * EIP-3009) to pay in, and the gateway's own settlement wallet (a fresh key with viem's nonce manager, and gas).
 */
export async function x402OnChain(t: Awaited<ReturnType<typeof gatewayOnChain>>) {
  const token = await t.chain.viem.deployContract("UsdcShapedTestToken");
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
    token,
    usdc: token.address,
    settler,
    /** Mints test USDC (millionths) to an account. */
    mint: async (to: `0x${string}`, amount: bigint) => t.wait(await token.write.mint([to, amount])),
  };
}
