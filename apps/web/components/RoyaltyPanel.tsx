"use client";
import { formatAmount } from "@ipnft/protocol/format";
import { perMonth } from "@ipnft/protocol/terms-words";
import { buySharesSteps, enableShares } from "@ipnft/protocol/verbs";
import { useState } from "react";
import type { Address } from "viem";
import { useAccount } from "wagmi";
import { useHolders, useIncomeFrom, usePaidToHolders, useShares } from "@/hooks/shares/useShares";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { LiveAmount } from "./LiveAmount";
import { HoldersTable } from "./shares/HoldersTable";
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
}: {
  ipId: bigint;
  owner: Address;
  parents?: readonly ParentShare[];
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

  if (shares.isLoading) return <p className="muted">Reading the royalty pool…</p>;
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
      return setProblem(`Only ${info.saleAvailable.toLocaleString("en-US")} shares are for sale.`);
    }
    const cost = `${formatAmount(amount * info.salePrice, currency.decimals)} ${currency.superTokenSymbol}`;
    await sendSteps(
      buySharesSteps(deployment, { shareToken: info.shareToken, amount, maxPricePerShare: info.salePrice }),
      { approve: `Allow the share sale to take ${cost}`, buyShares: `Buy ${amount.toLocaleString("en-US")} shares` },
    );
  };

  const pct = (n: bigint) =>
    `${(Number((n * 1_000_000n) / info.supply) / 10_000).toLocaleString("en-US", { maximumFractionDigits: 4 })}%`;
  const wanted = /^\d+$/.test(buyAmount.trim()) ? BigInt(buyAmount.trim()) : undefined;

  return (
    <>
      <dl className="stats">
        <div>
          <dt>Royalties flowing in now</dt>
          <dd data-testid="pool-flow-rate" data-flow-rate={info.poolFlowRate.toString()}>
            {perMonth(info.poolFlowRate, money)}
          </dd>
        </div>
        <LiveStat
          label="Paid so far to today’s holders, live"
          reading={paid.data}
          decimals={currency.decimals}
          symbol={currency.superTokenSymbol}
          testId="paid-to-holders"
        />
        <div>
          <dt>Shares</dt>
          <dd>{info.supply.toLocaleString("en-US")}</dd>
        </div>
        <div>
          <dt>For sale</dt>
          <dd data-testid="shares-for-sale">
            {info.saleAvailable > 0n
              ? `${info.saleAvailable.toLocaleString("en-US")} at ${formatAmount(info.salePrice, currency.decimals, 6)} ${currency.superTokenSymbol}`
              : "None"}
          </dd>
        </div>
        {address && myShares > 0n && mine.data ? (
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

      <h3>Holders</h3>
      <HoldersTable
        holders={holders.data ?? []}
        viewer={address}
        poolFlowRate={info.poolFlowRate}
        supply={info.supply}
        pct={pct}
        money={money}
      />
    </>
  );
}
