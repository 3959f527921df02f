"use client";
import {
  formatSuperToken,
  formatUnderlying,
  parseSuperToken,
  parseUnderlying,
  toUnderlyingAmount,
} from "@ipnft/protocol/format";
import { drip, unwrap, wrapSteps } from "@ipnft/protocol/verbs";
import { useState } from "react";
import { useAccount } from "wagmi";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { useCurrencyBalances } from "@/hooks/wallet/useWallet";
import { explainError } from "@/lib/errors";
import { Problem } from "./ui/Problem";
import { TxStatus } from "./ui/TxStatus";

/** What a person typed, read in the token's decimals: the amount, or the sentence saying what is wrong. */
function readAmount(
  text: string,
  parse: (text: string) => bigint,
  decimals: number,
  symbol: string,
): bigint | { problem: string } {
  let value: bigint;
  try {
    value = parse(text);
  } catch (error) {
    const tooFine = (error as Error).message.includes("digits after the decimal point");
    return {
      problem: tooFine
        ? `${symbol} has at most ${decimals} digits after the decimal point.`
        : "Enter an amount such as 100 or 12.5.",
    };
  }
  return value > 0n ? value : { problem: "Enter an amount greater than zero." };
}

/**
 * The connected account's stablecoin (e.g. USDC, 6 decimals) and SuperToken (18 decimals) balances, the local
 * faucet, wrapping the stablecoin into the SuperToken and unwrapping it back. Each amount is read and shown in its own
 * token's decimals.
 */
export function WalletPanel() {
  const { address } = useAccount();
  const deployment = useDeployment();
  const { currency, contracts } = deployment;
  const { state, send, sendSteps, busy } = useTx();
  const [amount, setAmount] = useState("100");
  const [unwrapAmount, setUnwrapAmount] = useState("");
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
  const { underlyingSymbol, superTokenSymbol } = currency;

  const wrap = async () => {
    const value = readAmount(
      amount,
      (t) => parseUnderlying(currency, t),
      currency.underlyingDecimals,
      underlyingSymbol,
    );
    if (typeof value !== "bigint") return setInputError(value.problem);
    if (underlyingBalance !== undefined && value > underlyingBalance) {
      return setInputError(`You have only ${formatUnderlying(currency, underlyingBalance)} ${underlyingSymbol}.`);
    }
    setInputError(null);
    const shown = formatUnderlying(currency, value, currency.underlyingDecimals);
    await sendSteps(wrapSteps(deployment, value, allowance ?? 0n), {
      approve: `Allow ${superTokenSymbol} to take ${shown} ${underlyingSymbol}`,
      wrap: `Wrap ${shown} ${underlyingSymbol}`,
    });
  };

  const unwrapNow = async () => {
    const value = readAmount(unwrapAmount, (t) => parseSuperToken(currency, t), currency.decimals, superTokenSymbol);
    if (typeof value !== "bigint") return setInputError(value.problem);
    if (superBalance !== undefined && value > superBalance) {
      return setInputError(`You have only ${formatSuperToken(currency, superBalance)} ${superTokenSymbol}.`);
    }
    if (toUnderlyingAmount(currency, value) === 0n) {
      return setInputError(`That is less than the smallest amount of ${underlyingSymbol} the SuperToken pays out.`);
    }
    setInputError(null);
    await send(
      `Unwrap ${formatSuperToken(currency, value, currency.decimals)} ${superTokenSymbol}`,
      unwrap(deployment, value),
    );
  };

  return (
    <section className="card" aria-labelledby="wallet-heading">
      <h2 id="wallet-heading">Your wallet</h2>
      <Problem>{balances.error ? explainError(balances.error) : null}</Problem>
      <dl className="balances">
        <div>
          <dt>{underlyingSymbol} (stablecoin)</dt>
          <dd data-testid="underlying-balance">
            {underlyingBalance === undefined ? "…" : formatUnderlying(currency, underlyingBalance)}
          </dd>
        </div>
        <div>
          <dt>{superTokenSymbol} (streamable SuperToken)</dt>
          <dd data-testid="supertoken-balance">
            {superBalance === undefined ? "…" : formatSuperToken(currency, superBalance)}
          </dd>
        </div>
      </dl>
      <div className="actions">
        {contracts.Faucet ? (
          <button type="button" disabled={busy} onClick={() => send("Faucet", drip(deployment, address))}>
            Get test {underlyingSymbol}
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
            Amount to wrap ({underlyingSymbol})
            <input
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              aria-invalid={Boolean(inputError)}
            />
          </label>
          <button type="submit" disabled={busy}>
            Wrap into {superTokenSymbol}
          </button>
        </form>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void unwrapNow();
          }}
        >
          <label>
            Amount to unwrap ({superTokenSymbol})
            <input
              inputMode="decimal"
              value={unwrapAmount}
              placeholder="0"
              onChange={(e) => setUnwrapAmount(e.target.value)}
              aria-invalid={Boolean(inputError)}
            />
          </label>
          <button type="submit" disabled={busy}>
            Unwrap into {underlyingSymbol}
          </button>
        </form>
      </div>
      <Problem>{inputError}</Problem>
      <TxStatus state={state} />
    </section>
  );
}
