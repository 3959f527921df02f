"use client";
import { useState } from "react";
import { type Address, parseUnits } from "viem";
import { useAccount, useReadContract } from "wagmi";
import { royaltyPoolsAbi, shareTokenAbi, superfluidPoolAbi, superTokenAbi } from "@ipnft/protocol/abis";
import { useDeployment } from "@/hooks/useDeployment";
import { useHolders, usePaidToHolders, useShares } from "@/hooks/useRoyalties";
import { useTx } from "@/hooks/useTx";
import { formatAmount, shortAddress } from "@ipnft/protocol/format";
import { perMonth } from "@ipnft/protocol/terms-words";
import { LiveAmount } from "./LiveAmount";
import { TxStatus } from "./ui/TxStatus";

/**
 * A work's revenue shares: who holds them, what flows into the pool, the viewer's own income ticking
 * live, and the creator's sale, where fans buy in.
 */
export function RoyaltyPanel({ ipId, owner }: { ipId: bigint; owner: Address }) {
  const { address } = useAccount();
  const { contracts, currency } = useDeployment();
  const money = { symbol: currency.superTokenSymbol, decimals: currency.decimals };
  const shares = useShares(ipId);
  const info = shares.data?.enabled ? shares.data : undefined;
  const holders = useHolders(info?.shareToken);
  const paid = usePaidToHolders(info?.pool, holders.data?.map(([h]) => h));
  const { state, send, busy } = useTx();
  const [buyAmount, setBuyAmount] = useState("1000");
  const [problem, setProblem] = useState<string | null>(null);

  const mine = useReadContract({
    address: info?.pool,
    abi: superfluidPoolAbi,
    functionName: "getTotalAmountReceivedByMember",
    args: [address!],
    query: { enabled: Boolean(info && address), refetchInterval: 4_000 },
  });
  const myIncome = useReadContract({
    address: contracts.RoyaltyPools,
    abi: royaltyPoolsAbi,
    functionName: "holderIncome",
    args: [ipId, address!],
    query: { enabled: Boolean(info && address), refetchInterval: 4_000 },
  });
  const myShares = holders.data?.find(([h]) => address && h.toLowerCase() === address.toLowerCase())?.[1] ?? 0n;

  if (shares.isLoading) return <p className="muted">Reading the royalty pool…</p>;
  if (!info) {
    const isOwner = address && address.toLowerCase() === owner.toLowerCase();
    return (
      <>
        <p className="muted">Revenue shares are not enabled for this work yet: its fees go straight to its owner.</p>
        {isOwner ? (
          <>
            <button
              type="button"
              disabled={busy}
              onClick={() => void send("Enable revenue shares", { address: contracts.RoyaltyPools!, abi: royaltyPoolsAbi, functionName: "enableShares", args: [ipId] })}
            >
              Enable revenue shares
            </button>
            <TxStatus state={state} />
          </>
        ) : null}
      </>
    );
  }

  const buy = async () => {
    setProblem(null);
    if (!/^\d+$/.test(buyAmount.trim()) || BigInt(buyAmount.trim()) === 0n) return setProblem("Enter a whole number of shares, such as 1000.");
    const amount = BigInt(buyAmount.trim());
    if (amount > info.saleAvailable) return setProblem(`Only ${info.saleAvailable.toLocaleString("en-US")} shares are for sale.`);
    const cost = amount * info.salePrice;
    const approved = await send(`Allow the share sale to take ${formatAmount(cost, currency.decimals)} ${currency.superTokenSymbol}`, {
      address: currency.superToken,
      abi: superTokenAbi,
      functionName: "approve",
      args: [info.shareToken, cost],
    });
    if (!approved) return;
    await send(`Buy ${amount.toLocaleString("en-US")} shares`, {
      address: info.shareToken,
      abi: shareTokenAbi,
      functionName: "buyShares",
      args: [amount, info.salePrice],
    });
  };

  const pct = (n: bigint) => `${(Number((n * 1_000_000n) / info.supply) / 10_000).toLocaleString("en-US", { maximumFractionDigits: 4 })}%`;

  return (
    <>
      <dl className="stats">
        <div>
          <dt>Royalties flowing in now</dt>
          <dd data-testid="pool-flow-rate" data-flow-rate={info.poolFlowRate.toString()}>{perMonth(info.poolFlowRate, money)}</dd>
        </div>
        <div>
          <dt>Paid so far to today’s holders, live</dt>
          <dd>
            {paid.data ? (
              <>
                <LiveAmount {...paid.data} decimals={currency.decimals} className="live-small" testId="paid-to-holders" /> {currency.superTokenSymbol}
              </>
            ) : (
              "…"
            )}
          </dd>
        </div>
        <div>
          <dt>Shares</dt>
          <dd>{info.supply.toLocaleString("en-US")}</dd>
        </div>
        <div>
          <dt>For sale</dt>
          <dd data-testid="shares-for-sale">
            {info.saleAvailable > 0n ? `${info.saleAvailable.toLocaleString("en-US")} at ${formatAmount(info.salePrice, currency.decimals, 6)} ${currency.superTokenSymbol}` : "None"}
          </dd>
        </div>
        {address && myShares > 0n && mine.data !== undefined && myIncome.data ? (
          <div>
            <dt>You earned from this work ({pct(myShares)})</dt>
            <dd>
              <LiveAmount
                amount={mine.data}
                flowRate={BigInt(myIncome.data[0])}
                timestamp={myIncome.data[4]}
                readAt={mine.dataUpdatedAt}
                decimals={currency.decimals}
                testId="work-live-income"
                className="live-small"
              />{" "}
              {currency.superTokenSymbol}
            </dd>
          </div>
        ) : null}
      </dl>

      {info.saleAvailable > 0n ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void buy();
          }}
        >
          <label>
            Shares to buy
            <input inputMode="numeric" value={buyAmount} onChange={(e) => setBuyAmount(e.target.value)} />
          </label>
          <button type="submit" disabled={busy || !address}>
            Buy shares
          </button>
          {/^\d+$/.test(buyAmount.trim()) ? (
            <span className="muted">
              Costs {formatAmount(BigInt(buyAmount.trim()) * info.salePrice, currency.decimals)} {currency.superTokenSymbol}; earns{" "}
              {pct(BigInt(buyAmount.trim()))} of every royalty.
            </span>
          ) : null}
        </form>
      ) : null}
      {problem ? <p role="alert" className="problem">{problem}</p> : null}
      <TxStatus state={state} />

      <h3>Holders</h3>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Holder</th>
              <th scope="col">Shares</th>
              <th scope="col">Share of royalties</th>
              <th scope="col">Receives now</th>
            </tr>
          </thead>
          <tbody>
            {(holders.data ?? []).map(([holder, balance]) => (
              <tr key={holder}>
                <td className="mono" title={holder}>
                  {shortAddress(holder)}
                  {address && holder.toLowerCase() === address.toLowerCase() ? " (you)" : ""}
                </td>
                <td>{balance.toLocaleString("en-US")}</td>
                <td>{pct(balance)}</td>
                <td>{perMonth((info.poolFlowRate * balance) / info.supply, money)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

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
        if (!/^\d+$/.test(amount.trim()) || p === 0n) return setProblem("Offer a whole number of shares at a price above zero.");
        void send(`Offer ${amount} shares at ${price} ${currency.superTokenSymbol}`, {
          address: shareToken,
          abi: shareTokenAbi,
          functionName: "openSale",
          args: [BigInt(amount.trim()), p],
        });
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
      {problem ? <p role="alert" className="problem">{problem}</p> : null}
      <TxStatus state={state} />
    </form>
  );
}
