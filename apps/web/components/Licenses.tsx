"use client";
import { money as moneyWords, perMonth } from "@ipnft/protocol/terms-words";
import { useAccount } from "wagmi";
import { useMyLicenses } from "@/hooks/licenses/useLicenses";
import { useDeployment } from "@/hooks/useDeployment";
import { useLiveWallet } from "@/hooks/wallet/useWallet";
import { explainError } from "@/lib/errors";
import { readSpend } from "@/lib/indexer/actions";
import { ConnectFirst } from "./ConnectFirst";
import { AccountChart } from "./charts/AccountChart";
import { GatewayUsage } from "./licenses/GatewayUsage";
import { LicenseCard } from "./licenses/LicenseCard";
import { LiveStat } from "./ui/LiveStat";
import { Problem } from "./ui/Problem";

/** The AI company's dashboard: licenses, streams, metered usage and spend; downloads of licensed originals. */
export function Licenses() {
  const { address } = useAccount();
  const { currency } = useDeployment();
  const m = { symbol: currency.superTokenSymbol, decimals: currency.decimals };
  const licenses = useMyLicenses(address);
  const wallet = useLiveWallet(address);

  if (!address) return <ConnectFirst what="your licenses" />;
  const rows = licenses.data ?? [];
  const fees = rows.reduce((s, r) => s + r.fee, 0n);
  const usagePaid = rows.reduce((s, r) => s + r.usagePaid, 0n);
  const streaming = rows.reduce((s, r) => s + r.flowRate, 0n);

  return (
    <>
      <section className="card" aria-labelledby="spend-heading">
        <h2 id="spend-heading">Spend</h2>
        <dl className="stats">
          <div>
            <dt>Licenses held</dt>
            <dd data-testid="licenses-count">{rows.length}</dd>
          </div>
          <div>
            <dt>Upfront fees paid</dt>
            <dd data-testid="fees-paid">{moneyWords(fees, m)}</dd>
          </div>
          <div>
            <dt>Metered usage paid</dt>
            <dd data-testid="usage-paid">{moneyWords(usagePaid, m)}</dd>
          </div>
          <div>
            <dt>Streaming out now</dt>
            <dd data-testid="streaming-out" data-flow-rate={streaming.toString()}>
              {perMonth(streaming, m)}
            </dd>
          </div>
          <LiveStat
            label="Balance left, live"
            reading={wallet.data}
            decimals={currency.decimals}
            symbol={m.symbol}
            testId="live-balance"
          />
        </dl>
        <AccountChart
          queryKey="spend"
          account={address}
          read={readSpend}
          title="What you spent on licenses"
          money={m}
          shown={["fees", "usage", "streams"]}
          empty="nothing spent yet."
          testId="spend"
        />
      </section>

      <section className="card" aria-labelledby="licenses-heading">
        <h2 id="licenses-heading">Your licenses</h2>
        <Problem>{licenses.error ? explainError(licenses.error) : null}</Problem>
        {licenses.isLoading ? <p className="muted">Reading your licenses…</p> : null}
        {rows.length === 0 && !licenses.isLoading ? (
          <p>
            No licenses yet. <a href="/?use=training&sort=price-asc">Browse AI-trainable works, cheapest first</a>.
          </p>
        ) : null}
        <ul className="offers">
          {rows.map((r) => (
            <LicenseCard key={r.licenseId.toString()} license={r} money={m} />
          ))}
        </ul>
      </section>

      <GatewayUsage money={m} />
    </>
  );
}
