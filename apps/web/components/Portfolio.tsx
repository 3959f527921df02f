"use client";
import { groupDigits } from "@ipnft/protocol/format";
import { perMonth } from "@ipnft/protocol/terms-words";
import { claimAll, connectPool, transferShares } from "@ipnft/protocol/verbs";
import { useState } from "react";
import { type Address, isAddress } from "viem";
import { useAccount } from "wagmi";
import { type Holding, useHoldings } from "@/hooks/shares/useShares";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { useLiveWallet } from "@/hooks/wallet/useWallet";
import { WorkName } from "@/hooks/works/useWorkInfo";
import { readHolderEarnings } from "@/lib/indexer/actions";
import { ConnectFirst } from "./ConnectFirst";
import { AccountChart } from "./charts/AccountChart";
import { LiveAmount } from "./LiveAmount";
import { Problem } from "./ui/Problem";
import { TxStatus } from "./ui/TxStatus";

/** A fan's shares, the income they stream in, ticking every frame, and transfers. */
export function Portfolio() {
  const { address } = useAccount();
  const { currency } = useDeployment();
  const money = { symbol: currency.superTokenSymbol, decimals: currency.decimals };
  const wallet = useLiveWallet(address);
  const holdings = useHoldings(address);
  if (!address) return <ConnectFirst what="your shares and income" />;
  const incoming = (holdings.data ?? []).reduce((sum, h) => sum + h.flowRate, 0n);
  return (
    <>
      <section className="card" aria-labelledby="income-heading">
        <h2 id="income-heading">Your {currency.superTokenSymbol} balance, live</h2>
        {wallet.data ? (
          <p>
            <LiveAmount {...wallet.data} decimals={currency.decimals} testId="live-balance" />{" "}
            {currency.superTokenSymbol}
          </p>
        ) : (
          <p className="muted">Reading the chain…</p>
        )}
        <p className="muted" data-testid="income-rate" data-flow-rate={incoming.toString()}>
          Royalties streaming to you: {perMonth(incoming, money)}
          {wallet.data && wallet.data.flowRate !== incoming
            ? ` (net of your own streams: ${perMonth(wallet.data.flowRate, money)})`
            : ""}
          .
        </p>
        <AccountChart
          queryKey="holder-earnings"
          account={address}
          read={readHolderEarnings}
          title="What your shares earned"
          money={money}
          shown={["payments", "streams"]}
          empty="your shares have not been paid anything yet."
          testId="holder-income"
        />
      </section>
      <section className="card" aria-labelledby="holdings-heading">
        <h2 id="holdings-heading">Your shares</h2>
        {holdings.isLoading ? <p className="muted">Reading your shares…</p> : null}
        {holdings.data && holdings.data.length === 0 ? (
          <p>
            You hold no shares yet. Open a work in the <a href="/">catalog</a> and buy some: its royalties then stream
            to you.
          </p>
        ) : null}
        <ul className="offers">
          {(holdings.data ?? []).map((h) => (
            <HoldingRow key={h.shareToken} holding={h} />
          ))}
        </ul>
      </section>
    </>
  );
}

function HoldingRow({ holding: h }: { holding: Holding }) {
  const { address } = useAccount();
  const deployment = useDeployment();
  const { currency } = deployment;
  const money = { symbol: currency.superTokenSymbol, decimals: currency.decimals };
  const { state, send, busy } = useTx();
  const [to, setTo] = useState("");
  const [amount, setAmount] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const pct = (Number((h.shares * 1_000_000n) / h.supply) / 10_000).toLocaleString("en-US", {
    maximumFractionDigits: 4,
  });
  return (
    <li className="offer" data-testid={`holding-${h.ipId}`}>
      <h3>
        <WorkName ipId={h.ipId} title={h.title} />
      </h3>
      <dl className="stats">
        <div>
          <dt>Shares</dt>
          <dd data-testid="holding-shares">
            {groupDigits(h.shares)} ({pct}%)
          </dd>
        </div>
        <div>
          <dt>Streams to you</dt>
          <dd data-testid="holding-rate" data-flow-rate={h.flowRate.toString()}>
            {perMonth(h.flowRate, money)}
          </dd>
        </div>
        <div>
          <dt>Earned from it so far</dt>
          <dd>
            <LiveAmount
              amount={h.received}
              flowRate={h.flowRate}
              timestamp={h.timestamp}
              readAt={h.readAt}
              decimals={currency.decimals}
              className="live-small"
              testId="holding-earned"
            />
          </dd>
        </div>
        <div>
          <dt>{h.connected ? "Connected to the pool" : "Waiting in the pool for you"}</dt>
          <dd>
            {h.connected ? (
              "Income lands in your balance"
            ) : (
              <LiveAmount
                amount={h.claimable}
                flowRate={h.flowRate}
                timestamp={h.timestamp}
                readAt={h.readAt}
                decimals={currency.decimals}
                className="live-small"
              />
            )}
          </dd>
        </div>
      </dl>
      {!h.connected ? (
        <p>
          Your wallet is connected to too many pools for it to be done for you: connect this one yourself, or claim what
          waits.{" "}
          <button
            type="button"
            disabled={busy}
            onClick={() => void send("Connect to the royalty pool", connectPool(deployment, h.pool))}
          >
            Connect
          </button>{" "}
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => void send("Claim royalties", claimAll(h.pool, address!))}
          >
            Claim
          </button>
        </p>
      ) : null}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setProblem(null);
          if (!isAddress(to.trim()))
            return setProblem("Enter the address to send shares to (0x followed by 40 hex digits).");
          if (!/^\d+$/.test(amount.trim()) || BigInt(amount.trim()) === 0n)
            return setProblem("Enter a whole number of shares.");
          if (BigInt(amount.trim()) > h.shares) return setProblem(`You hold only ${groupDigits(h.shares)} shares.`);
          void send(
            `Send ${amount.trim()} shares`,
            transferShares(h.shareToken, to.trim() as Address, BigInt(amount.trim())),
          );
        }}
      >
        <label>
          Send shares to
          <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="0x…" spellCheck={false} />
        </label>
        <label>
          How many
          <input inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          Send shares
        </button>
      </form>
      <Problem>{problem}</Problem>
      <TxStatus state={state} />
    </li>
  );
}
