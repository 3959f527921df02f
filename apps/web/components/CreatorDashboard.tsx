"use client";
import { groupDigits } from "@ipnft/protocol/format";
import { money as moneyWords, perMonth } from "@ipnft/protocol/terms-words";
import { enableShares } from "@ipnft/protocol/verbs";
import { zeroAddress } from "viem";
import { useAccount } from "wagmi";
import { useHoldings } from "@/hooks/shares/useShares";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { useLiveWallet } from "@/hooks/wallet/useWallet";
import { useCreatedWorks } from "@/hooks/works/useCreatedWorks";
import { WorkName } from "@/hooks/works/useWorkInfo";
import { readCreatorEarnings } from "@/lib/indexer/actions";
import { ConnectFirst } from "./ConnectFirst";
import { AccountChart } from "./charts/AccountChart";
import { DatasetIncomeStat } from "./datasets/DatasetIncomeStat";
import { OpenSale } from "./shares/OpenSale";
import { LiveStat } from "./ui/LiveStat";
import { TxStatus } from "./ui/TxStatus";

/** The artist's dashboard: earnings ticking live, licenses sold per work, shares kept and on sale. */
export function CreatorDashboard() {
  const { address } = useAccount();
  const deployment = useDeployment();
  const { currency } = deployment;
  const m = { symbol: currency.superTokenSymbol, decimals: currency.decimals };
  const works = useCreatedWorks(address);
  const wallet = useLiveWallet(address);
  const holdings = useHoldings(address);
  const { state, send, busy } = useTx();
  if (!address) return <ConnectFirst what="your works and earnings" />;
  const rows = works.data ?? [];
  const royaltiesIn = (holdings.data ?? []).reduce((s, h) => s + h.flowRate, 0n);
  return (
    <>
      <section className="card" aria-labelledby="earnings-heading">
        <h2 id="earnings-heading">Earnings</h2>
        <dl className="stats">
          <LiveStat
            label="Your balance, live"
            reading={wallet.data}
            decimals={currency.decimals}
            symbol={m.symbol}
            testId="live-balance"
          />
          <div>
            <dt>Royalties streaming to you</dt>
            <dd data-testid="creator-rate" data-flow-rate={royaltiesIn.toString()}>
              {perMonth(royaltiesIn, m)}
            </dd>
          </div>
          <DatasetIncomeStat account={address} money={m} />
          <div>
            <dt>Licenses sold</dt>
            <dd data-testid="licenses-sold">{rows.reduce((s, r) => s + r.licensesSold, 0)}</dd>
          </div>
          <div>
            <dt>Upfront fees earned</dt>
            <dd>
              {moneyWords(
                rows.reduce((s, r) => s + r.fees, 0n),
                m,
              )}
            </dd>
          </div>
        </dl>
        <AccountChart
          queryKey="creator-earnings"
          account={address}
          read={readCreatorEarnings}
          title="What your works earned"
          money={m}
          shown={["fees", "usage", "streams"]}
          empty="no license sold or stream paid yet."
          testId="creator-income"
        />
      </section>
      <section className="card" aria-labelledby="works-heading">
        <h2 id="works-heading">Your works</h2>
        {rows.length === 0 && !works.isLoading ? (
          <p>
            You have registered nothing yet. <a href="/mint">Register your first work</a>.
          </p>
        ) : null}
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Work</th>
                <th scope="col">Licenses sold</th>
                <th scope="col">Fees</th>
                <th scope="col">Royalties in</th>
                <th scope="col">Shares you keep</th>
                <th scope="col">On sale</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.ipId.toString()} data-testid={`created-${r.ipId}`}>
                  <td>
                    <WorkName ipId={r.ipId} title={r.title} />
                  </td>
                  <td>{r.licensesSold}</td>
                  <td>{moneyWords(r.fees, m)}</td>
                  <td>{perMonth(r.poolFlowRate, m)}</td>
                  <td>
                    {r.shareToken === zeroAddress ? (
                      <button
                        type="button"
                        className="secondary"
                        disabled={busy}
                        onClick={() => void send("Enable revenue shares", enableShares(deployment, r.ipId))}
                      >
                        Enable shares
                      </button>
                    ) : (
                      groupDigits(r.sharesKept)
                    )}
                  </td>
                  <td>
                    {r.saleAvailable > 0n ? (
                      `${groupDigits(r.saleAvailable)} at ${moneyWords(r.salePrice, m, 6)}`
                    ) : r.shareToken !== zeroAddress ? (
                      <details>
                        <summary>Offer shares</summary>
                        <OpenSale shareToken={r.shareToken} />
                      </details>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <TxStatus state={state} />
      </section>
    </>
  );
}
