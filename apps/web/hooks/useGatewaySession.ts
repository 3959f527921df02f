"use client";
import type { NonceAnswer, SessionAnswer } from "@ipnft/gateway/api";
import { useCallback } from "react";
import { getAddress } from "viem";
import { createSiweMessage } from "viem/siwe";
import { useAccount, useSignMessage } from "wagmi";
import { gatewayFetch } from "@/lib/gateway-client";
import { useDeployment } from "./useDeployment";

/**
 * Signs the connected wallet in to the gateway with Sign-In with Ethereum (EIP-4361), once per session:
 * uploads and licensed downloads need to know who is asking. The gateway keeps the session in an
 * HttpOnly cookie, so nothing secret is held by the page.
 */
export function useGatewaySession() {
  const { address } = useAccount();
  const { chainId } = useDeployment();
  const { signMessageAsync } = useSignMessage();

  const ensureSignedIn = useCallback(async () => {
    if (!address) throw new Error("Connect a wallet first.");
    const current = await gatewayFetch<SessionAnswer>("/api/auth/session").catch(() => null);
    if (current && getAddress(current.account) === getAddress(address)) return;
    const { nonce } = await gatewayFetch<NonceAnswer>("/api/auth/nonce");
    const message = createSiweMessage({
      domain: window.location.host,
      address,
      statement: "Sign in to the IP-NFT Royalties gateway to upload and download works.",
      uri: window.location.origin,
      version: "1",
      chainId,
      nonce,
      issuedAt: new Date(),
      expirationTime: new Date(Date.now() + 8 * 3600 * 1000),
    });
    const signature = await signMessageAsync({ message, account: address });
    await gatewayFetch("/api/auth/siwe", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message, signature }),
    });
  }, [address, chainId, signMessageAsync]);

  return { ensureSignedIn };
}
