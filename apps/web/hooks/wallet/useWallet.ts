"use client";
import { currencyAllowance, currencyBalances, liveBalance } from "@ipnft/protocol/verbs";
import type { Address } from "viem";
import { useAccount } from "wagmi";
import { REFRESH_MS, useChainRead } from "../useChainRead";

/**
 * An account's SuperToken balance as it moves: the real-time balance and the net flow rate at one block, with the
 * browser time it arrived. Everything streamed to a connected holder lands here, so this is the number that ticks.
 */
export function useLiveWallet(account: Address | undefined) {
  return useChainRead(
    ["live-wallet", account],
    Boolean(account) &&
      (async (client, deployment) => ({ ...(await liveBalance(client, deployment, account!)), readAt: Date.now() })),
    { refetchInterval: REFRESH_MS },
  );
}

/** What `spender` may take of the connected account's SuperTokens now (read only when `wanted`). */
export function useAllowance(spender: Address | undefined, wanted = true) {
  const { address } = useAccount();
  return useChainRead(
    ["allowance", address, spender],
    Boolean(address && spender && wanted) &&
      ((client, deployment) => currencyAllowance(client, deployment, address!, spender!)),
  );
}

/**
 * The account's stablecoin balance and what the SuperToken may take of it (both in the stablecoin's decimals,
 * `currency.underlyingDecimals`), and its SuperToken balance (18 decimals, `currency.decimals`).
 */
export function useCurrencyBalances(account: Address | undefined) {
  return useChainRead(
    ["currency-balances", account],
    Boolean(account) && ((client, deployment) => currencyBalances(client, deployment, account!)),
    { refetchInterval: REFRESH_MS },
  );
}
