"use client";
import { openSale } from "@ipnft/protocol/verbs";
import { useState } from "react";
import { type Address, parseUnits } from "viem";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { Problem } from "../ui/Problem";
import { TxStatus } from "../ui/TxStatus";

/** Lets the creator of a work put part of their shares on sale at a fixed price. */
export function OpenSale({ shareToken, available }: { shareToken: Address; available?: bigint }) {
  const { currency } = useDeployment();
  const { state, send, busy } = useTx();
  const [amount, setAmount] = useState("250000");
  const [price, setPrice] = useState("0.0001");
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        let p: bigint;
        try {
          p = parseUnits(price.trim(), currency.decimals);
        } catch {
          return setProblem("Enter a price such as 0.0001.");
        }
        if (!/^\d+$/.test(amount.trim()) || p === 0n)
          return setProblem("Offer a whole number of shares at a price above zero.");
        void send(
          `Offer ${amount} shares at ${price} ${currency.superTokenSymbol}`,
          openSale(shareToken, BigInt(amount.trim()), p),
        );
      }}
    >
      <label>
        Shares to offer fans
        <input inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} />
      </label>
      <label>
        Price per share ({currency.superTokenSymbol})
        <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        {available ? "Replace the sale" : "Open the sale"}
      </button>
      <Problem>{problem}</Problem>
      <TxStatus state={state} />
    </form>
  );
}
