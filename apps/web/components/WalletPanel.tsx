"use client";
import { formatAmount } from "@ipnft/protocol/format";
import { drip, wrapSteps } from "@ipnft/protocol/verbs";
import { useState } from "react";
import { parseUnits } from "viem";
import { useAccount } from "wagmi";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { useCurrencyBalances } from "@/hooks/wallet/useWallet";
import { explainError } from "@/lib/errors";
import { Problem } from "./ui/Problem";
import { TxStatus } from "./ui/TxStatus";

/** The connected account's stablecoin and SuperToken balances, the local faucet, and wrapping. */
export function WalletPanel() {
  const { address } = useAccount();
  const deployment = useDeployment();
  const { currency, contracts } = deployment;
  const { state, send, sendSteps, busy } = useTx();
  const [amount, setAmount] = useState("100");
  const [inputError, setInputError] = useState<string | null>(null);

  const balances = useCurrencyBalances(address);

  if (!address) {
    return (
      <section className="card" aria-labelledby="wallet-heading">
        <h2 id="wallet-heading">Your wallet</h2>
        <p>Connect a wallet to see your balances. On the local chain, pick “Local dev wallet”: no extension needed.</p>
      </section>
    );
  }

  const { stablecoin: underlyingBalance, wrapped: superBalance, wrapAllowance: allowance } = balances.data ?? {};

  const wrap = async () => {
    let value: bigint;
    try {
      value = parseUnits(amount.trim(), currency.decimals);
    } catch {
      setInputError("Enter an amount such as 100 or 12.5.");
      return;
    }
    if (value <= 0n) return setInputError("Enter an amount greater than zero.");
    if (underlyingBalance !== undefined && value > underlyingBalance) {
      return setInputError(
        `You have only ${formatAmount(underlyingBalance, currency.decimals)} ${currency.underlyingSymbol}.`,
      );
    }
    setInputError(null);
    await sendSteps(wrapSteps(deployment, value, allowance ?? 0n), {
      approve: `Allow ${currency.superTokenSymbol} to take ${amount} ${currency.underlyingSymbol}`,
      wrap: `Wrap ${amount} ${currency.underlyingSymbol}`,
    });
  };

  return (
    <section className="card" aria-labelledby="wallet-heading">
      <h2 id="wallet-heading">Your wallet</h2>
      <Problem>{balances.error ? explainError(balances.error) : null}</Problem>
      <dl className="balances">
        <div>
          <dt>{currency.underlyingSymbol} (stablecoin)</dt>
          <dd data-testid="underlying-balance">
            {underlyingBalance === undefined ? "…" : formatAmount(underlyingBalance, currency.decimals)}
          </dd>
        </div>
        <div>
          <dt>{currency.superTokenSymbol} (streamable SuperToken)</dt>
          <dd data-testid="supertoken-balance">
            {superBalance === undefined ? "…" : formatAmount(superBalance, currency.decimals)}
          </dd>
        </div>
      </dl>
      <div className="actions">
        {contracts.Faucet ? (
          <button type="button" disabled={busy} onClick={() => send("Faucet", drip(deployment, address))}>
            Get test {currency.underlyingSymbol}
          </button>
        ) : null}
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void wrap();
          }}
        >
          <label>
            Amount to wrap
            <input
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              aria-invalid={Boolean(inputError)}
            />
          </label>
          <button type="submit" disabled={busy}>
            Wrap into {currency.superTokenSymbol}
          </button>
        </form>
      </div>
      <Problem>{inputError}</Problem>
      <TxStatus state={state} />
    </section>
  );
}
