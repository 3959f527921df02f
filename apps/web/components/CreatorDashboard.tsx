"use client";
import { useQuery } from "@tanstack/react-query";
import { type Address, zeroAddress } from "viem";
import { useAccount, usePublicClient } from "wagmi";
import { iPRegistryAbi, licenseTokenAbi, royaltyPoolsAbi, shareTokenAbi } from "@ipnft/protocol/abis";
import { useDeployment } from "@/hooks/useDeployment";
import { REFRESH_MS, useHoldings, useLiveWallet } from "@/hooks/useRoyalties";
import { useTx } from "@/hooks/useTx";
import { WorkName } from "@/hooks/useWorkInfo";
import { money as moneyWords, perMonth } from "@ipnft/protocol/terms-words";
import { ConnectFirst } from "./ConnectFirst";
import { LiveAmount } from "./LiveAmount";
import { OpenSale } from "./RoyaltyPanel";
import { TxStatus } from "./ui/TxStatus";

interface CreatedWork {
  ipId: bigint;
  licensesSold: number;
  fees: bigint;
  shareToken: Address;
  poolFlowRate: bigint;
  saleAvailable: bigint;
  salePrice: bigint;
  sharesKept: bigint;
}

function useCreatedWorks(account: Address | undefined) {
  const client = usePublicClient();
  const { contracts, startBlock } = useDeployment();
  return useQuery({
    queryKey: ["created-works", account],
    enabled: Boolean(client && account && contracts.IPRegistry),
    refetchInterval: REFRESH_MS,
    queryFn: async (): Promise<CreatedWork[]> => {
      const fromBlock = BigInt(startBlock);
      const registered = await client!.getContractEvents({ address: contracts.IPRegistry!, abi: iPRegistryAbi, eventName: "IPRegistered", args: { creator: account }, fromBlock });
      return Promise.all(
        registered.map(async (e) => {
          const ipId = e.args.ipId!;
          const [sales, shareToken, poolFlowRate] = await Promise.all([
            client!.getContractEvents({ address: contracts.LicenseToken!, abi: licenseTokenAbi, eventName: "LicensePurchased", args: { ipId }, fromBlock }),
            client!.readContract({ address: contracts.RoyaltyPools!, abi: royaltyPoolsAbi, functionName: "shareTokenOf", args: [ipId] }),
            client!.readContract({ address: contracts.RoyaltyPools!, abi: royaltyPoolsAbi, functionName: "poolFlowRate", args: [ipId] }),
          ]);
          let sale: readonly [bigint, bigint] = [0n, 0n];
          let sharesKept = 0n;
          if (shareToken !== zeroAddress) {
            [sale, sharesKept] = await Promise.all([
              client!.readContract({ address: shareToken, abi: shareTokenAbi, functionName: "sale" }),
              client!.readContract({ address: shareToken, abi: shareTokenAbi, functionName: "balanceOf", args: [account!] }),
            ]);
          }
          return {
            ipId,
            licensesSold: sales.length,
            fees: sales.reduce((s, x) => s + (x.args.fee ?? 0n), 0n),
            shareToken,
            poolFlowRate: BigInt(poolFlowRate),
            saleAvailable: sale[0],
            salePrice: sale[1],
            sharesKept,
          };
        }),
      );
    },
  });
}

/** The artist's dashboard: earnings ticking live, licenses sold per work, shares kept and on sale. */
export function CreatorDashboard() {
  const { address } = useAccount();
  const { currency, contracts } = useDeployment();
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
          <div>
            <dt>Your balance, live</dt>
            <dd>{wallet.data ? <><LiveAmount {...wallet.data} decimals={currency.decimals} className="live-small" testId="live-balance" /> {m.symbol}</> : "…"}</dd>
          </div>
          <div><dt>Royalties streaming to you</dt><dd data-testid="creator-rate" data-flow-rate={royaltiesIn.toString()}>{perMonth(royaltiesIn, m)}</dd></div>
          <div><dt>Licenses sold</dt><dd data-testid="licenses-sold">{rows.reduce((s, r) => s + r.licensesSold, 0)}</dd></div>
          <div><dt>Upfront fees earned</dt><dd>{moneyWords(rows.reduce((s, r) => s + r.fees, 0n), m)}</dd></div>
        </dl>
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
                  <td><WorkName ipId={r.ipId} /></td>
                  <td>{r.licensesSold}</td>
                  <td>{moneyWords(r.fees, m)}</td>
                  <td>{perMonth(r.poolFlowRate, m)}</td>
                  <td>
                    {r.shareToken === zeroAddress ? (
                      <button
                        type="button"
                        className="secondary"
                        disabled={busy}
                        onClick={() => void send("Enable revenue shares", { address: contracts.RoyaltyPools!, abi: royaltyPoolsAbi, functionName: "enableShares", args: [r.ipId] })}
                      >
                        Enable shares
                      </button>
                    ) : (
                      r.sharesKept.toLocaleString("en-US")
                    )}
                  </td>
                  <td>
                    {r.saleAvailable > 0n ? `${r.saleAvailable.toLocaleString("en-US")} at ${moneyWords(r.salePrice, m, 6)}` : r.shareToken !== zeroAddress ? (
                      <details>
                        <summary>Offer shares</summary>
                        <OpenSale shareToken={r.shareToken} />
                      </details>
                    ) : "—"}
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
