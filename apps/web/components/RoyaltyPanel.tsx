"use client";
import { formatAmount, groupDigits } from "@ipnft/protocol/format";
import { buySharesSteps, enableShares } from "@ipnft/protocol/verbs";
import { type ReactNode, useState } from "react";
import type { Address } from "viem";
import { useAccount } from "wagmi";
import { useHolders, useIncomeFrom, usePaidToHolders, useShares } from "@/hooks/shares/useShares";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { LiveAmount } from "./LiveAmount";
import { RoyaltyStats, sharePercent } from "./shares/RoyaltyStats";
import { type ParentShare, SharesBeforeAfter } from "./shares/SharesBeforeAfter";
import { LiveStat } from "./ui/LiveStat";
import { Problem } from "./ui/Problem";
import { TxStatus } from "./ui/TxStatus";

/**
 * A work's revenue shares: who holds them, what flows into the pool, the viewer's own income ticking
 * live, and the creator's sale, where fans buy in.
 */
export function RoyaltyPanel({
  ipId,
  owner,
  parents = [],
  fallback,
}: {
  ipId: bigint;
  owner: Address;
  parents?: readonly ParentShare[];
  /** Shown while the pool is read (the server's drawing of this panel). */
  fallback?: ReactNode;
}) {
  const { address } = useAccount();
  const deployment = useDeployment();
  const { currency } = deployment;
  const money = { symbol: currency.superTokenSymbol, decimals: currency.decimals };
  const shares = useShares(ipId);
  const info = shares.data?.enabled ? shares.data : undefined;
  const holders = useHolders(info ? ipId : undefined);
  const paid = usePaidToHolders(
    info?.pool,
    holders.data?.map(([h]) => h),
  );
  const mine = useIncomeFrom(ipId, info?.pool, address);
  const { state, send, sendSteps, busy } = useTx();
  const [buyAmount, setBuyAmount] = useState("1000");
  const [problem, setProblem] = useState<string | null>(null);
  const myShares = holders.data?.find(([h]) => address && h.toLowerCase() === address.toLowerCase())?.[1] ?? 0n;

  // Until the pool is read: what the server drew, if it drew it, so that nothing moves.
  if (shares.isLoading) return fallback ?? <p className="muted">Reading the royalty pool…</p>;
  if (!info) {
    const isOwner = address && address.toLowerCase() === owner.toLowerCase();
    return (
      <>
        <p className="muted">Revenue shares are not enabled for this work yet.</p>
        <SharesBeforeAfter owner={owner} parents={parents} />
        {isOwner ? (
          <>
            <button
              type="button"
              disabled={busy}
              onClick={() => void send("Enable revenue shares", enableShares(deployment, ipId))}
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
    if (!/^\d+$/.test(buyAmount.trim()) || BigInt(buyAmount.trim()) === 0n) {
      return setProblem("Enter a whole number of shares, such as 1000.");
    }
    const amount = BigInt(buyAmount.trim());
    if (amount > info.saleAvailable) {
      return setProblem(`Only ${groupDigits(info.saleAvailable)} shares are for sale.`);
    }
    const cost = `${formatAmount(amount * info.salePrice, currency.decimals)} ${currency.superTokenSymbol}`;
    await sendSteps(
      buySharesSteps(deployment, { shareToken: info.shareToken, amount, maxPricePerShare: info.salePrice }),
      { approve: `Allow the share sale to take ${cost}`, buyShares: `Buy ${groupDigits(amount)} shares` },
    );
  };

  const pct = sharePercent(info.supply);
  const wanted = /^\d+$/.test(buyAmount.trim()) ? BigInt(buyAmount.trim()) : undefined;

  return (
    <RoyaltyStats
      info={info}
      money={money}
      holders={holders.data ?? []}
      viewer={address}
      paid={
        <LiveStat
          label="Paid so far to today’s holders, live"
          reading={paid.data}
          decimals={currency.decimals}
          symbol={currency.superTokenSymbol}
          testId="paid-to-holders"
        />
      }
      mine={
        address && myShares > 0n && mine.data ? (
          <div>
            <dt>You earned from this work ({pct(myShares)})</dt>
            <dd>
              <LiveAmount
                {...mine.data}
                decimals={currency.decimals}
                testId="work-live-income"
                className="live-small"
              />{" "}
              {currency.superTokenSymbol}
            </dd>
          </div>
        ) : null
      }
      sale={
        <>
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
              {wanted !== undefined ? (
                <span className="muted">
                  Costs {formatAmount(wanted * info.salePrice, currency.decimals)} {currency.superTokenSymbol}; earns{" "}
                  {pct(wanted)} of every royalty.
                </span>
              ) : null}
            </form>
          ) : null}
          <Problem>{problem}</Problem>
          <TxStatus state={state} />
        </>
      }
    />
  );
}
