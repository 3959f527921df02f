import { randomBytes } from "node:crypto";
import { testUSDCAbi } from "@ipnft/protocol/abis";
import { encodePaymentSignatureHeader } from "@x402/core/http";
import type { PaymentPayload, PaymentRequired, PaymentRequirements } from "@x402/core/types";
import { authorizationTypes } from "@x402/evm";
import { type Address, createWalletClient, custom, parseEther, toHex } from "viem";
import { generatePrivateKey, nonceManager, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
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

/** A payment signed by hand (EIP-3009 in an x402 PAYMENT-SIGNATURE header), so a test can get one field wrong. */
export async function signPayment(
  account: PrivateKeyAccount,
  required: PaymentRequired,
  change: { value?: bigint; validBefore?: bigint; chainId?: number; accepted?: Partial<PaymentRequirements> } = {},
): Promise<string> {
  const accepted = { ...required.accepts[0], ...change.accepted };
  const authorization = {
    from: account.address,
    to: accepted.payTo as Address,
    value: change.value ?? BigInt(accepted.amount),
    validAfter: 0n,
    // As an x402 client does: valid for the offer's maxTimeoutSeconds from now.
    validBefore: change.validBefore ?? BigInt(Math.floor(Date.now() / 1000) + accepted.maxTimeoutSeconds),
    nonce: toHex(randomBytes(32)),
  };
  const signature = await account.signTypedData({
    domain: {
      name: accepted.extra.name as string,
      version: accepted.extra.version as string,
      chainId: change.chainId ?? 31337,
      verifyingContract: accepted.asset as Address,
    },
    types: authorizationTypes,
    primaryType: "TransferWithAuthorization",
    message: authorization,
  });
  const payload: PaymentPayload = {
    x402Version: 2,
    resource: required.resource,
    accepted,
    payload: {
      authorization: Object.fromEntries(Object.entries(authorization).map(([k, v]) => [k, String(v)])),
      signature,
    },
  };
  return encodePaymentSignatureHeader(payload);
}
