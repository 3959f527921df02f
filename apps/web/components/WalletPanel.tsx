"use client";
import { useState } from "react";
import { parseUnits } from "viem";
import { useAccount, useReadContracts } from "wagmi";
import { faucetAbi, superTokenAbi, testTokenAbi } from "@ipnft/protocol/abis";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { explainError } from "@/lib/errors";
import { formatAmount } from "@ipnft/protocol/format";
import { TxStatus } from "./ui/TxStatus";

/** The connected account's stablecoin and SuperToken balances, the local faucet, and wrapping. */
export function WalletPanel() {
  const { address } = useAccount();
  const { currency, contracts } = useDeployment();
  const { state, send, busy } = useTx();
  const [amount, setAmount] = useState("100");
  const [inputError, setInputError] = useState<string | null>(null);

  const balances = useReadContracts({
    contracts: [
      { address: currency.underlying, abi: testTokenAbi, functionName: "balanceOf", args: [address!] },
      { address: currency.superToken, abi: superTokenAbi, functionName: "balanceOf", args: [address!] },
      { address: currency.underlying, abi: testTokenAbi, functionName: "allowance", args: [address!, currency.superToken] },
    ],
    allowFailure: false,
    query: { enabled: Boolean(address), refetchInterval: 4_000 },
  });

  if (!address) {
    return (
      <section className="card" aria-labelledby="wallet-heading">
        <h2 id="wallet-heading">Your wallet</h2>
        <p>Connect a wallet to see your balances. On the local chain, pick “Local dev wallet”: no extension needed.</p>
      </section>
    );
  }

  const [underlyingBalance, superBalance, allowance] = balances.data ?? [];

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
      return setInputError(`You have only ${formatAmount(underlyingBalance, currency.decimals)} ${currency.underlyingSymbol}.`);
    }
    setInputError(null);
    if ((allowance ?? 0n) < value) {
      const approved = await send(`Allow ${currency.superTokenSymbol} to take ${amount} ${currency.underlyingSymbol}`, {
        address: currency.underlying,
        abi: testTokenAbi,
        functionName: "approve",
        args: [currency.superToken, value],
      });
      if (!approved) return;
    }
    await send(`Wrap ${amount} ${currency.underlyingSymbol}`, {
      address: currency.superToken,
      abi: superTokenAbi,
      functionName: "upgrade",
      args: [value],
    });
  };

  return (
    <section className="card" aria-labelledby="wallet-heading">
      <h2 id="wallet-heading">Your wallet</h2>
      {balances.error ? <p role="alert" className="problem">{explainError(balances.error)}</p> : null}
      <dl className="balances">
        <div>
          <dt>{currency.underlyingSymbol} (stablecoin)</dt>
          <dd data-testid="underlying-balance">{underlyingBalance === undefined ? "…" : formatAmount(underlyingBalance, currency.decimals)}</dd>
        </div>
        <div>
          <dt>{currency.superTokenSymbol} (streamable SuperToken)</dt>
          <dd data-testid="supertoken-balance">{superBalance === undefined ? "…" : formatAmount(superBalance, currency.decimals)}</dd>
        </div>
      </dl>
      <div className="actions">
        {contracts.Faucet ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => send(`Faucet`, { address: contracts.Faucet!, abi: faucetAbi, functionName: "drip", args: [address] })}
          >
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
            <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={Boolean(inputError)} />
          </label>
          <button type="submit" disabled={busy}>
            Wrap into {currency.superTokenSymbol}
          </button>
        </form>
      </div>
      {inputError ? <p role="alert" className="problem">{inputError}</p> : null}
      <TxStatus state={state} />
    </section>
  );
}
