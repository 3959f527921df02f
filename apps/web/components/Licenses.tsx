"use client";
import { useQuery } from "@tanstack/react-query";
import { PayUsage } from "./PayUsage";
import { useState } from "react";
import { type Address, zeroAddress } from "viem";
import { useAccount, usePublicClient, useSignTypedData } from "wagmi";
import { licenseTermsAbi, licenseTokenAbi, royaltyPoolsAbi, usageMeterAbi } from "@ipnft/protocol/abis";
import { useDeployment } from "@/hooks/useDeployment";
import { useGatewaySession } from "@/hooks/useGatewaySession";
import { REFRESH_MS, useLiveWallet } from "@/hooks/useRoyalties";
import { WorkName } from "@/hooks/useWorkInfo";
import { explainError } from "@/lib/errors";
import { identifyFile } from "@ipnft/protocol/content";
import { downloadHeaders, type MeteredUsage, type OnWire } from "@ipnft/gateway/api";
import { gatewayFetch } from "@/lib/gateway-client";
import { durationWords, money as moneyWords, perMonth, termsHeadline } from "@ipnft/protocol/terms-words";
import { type Terms } from "@ipnft/protocol/terms";
import { blockTimeWords } from "@/lib/time";
import { ConnectFirst } from "./ConnectFirst";
import { LiveAmount } from "./LiveAmount";
import { StreamControl } from "./StreamControl";

interface LicenseRow {
  licenseId: bigint;
  ipId: bigint;
  termsId: bigint;
  terms: Terms;
  start: number;
  expiry: number;
  trainingNow: boolean;
  flowRate: bigint;
  fee: bigint;
  usagePaid: bigint;
  unitsReported: bigint;
  unitsPaid: bigint;
  unpaidUnits: bigint;
}

/** Every license the account holds, with what it grants now, its stream, metered usage and what it cost. */
function useMyLicenses(account: Address | undefined) {
  const client = usePublicClient();
  const { contracts, startBlock } = useDeployment();
  return useQuery({
    queryKey: ["my-licenses", account],
    enabled: Boolean(client && account && contracts.LicenseToken),
    refetchInterval: REFRESH_MS,
    queryFn: async (): Promise<LicenseRow[]> => {
      const token = contracts.LicenseToken!;
      const fromBlock = BigInt(startBlock);
      const received = await client!.getContractEvents({ address: token, abi: licenseTokenAbi, eventName: "Transfer", args: { to: account }, fromBlock });
      const ids = [...new Set(received.map((e) => e.args.tokenId!))];
      const rows = await Promise.all(
        ids.map(async (licenseId) => {
          const owner = await client!.readContract({ address: token, abi: licenseTokenAbi, functionName: "ownerOf", args: [licenseId] }).catch(() => zeroAddress);
          if (owner.toLowerCase() !== account!.toLowerCase()) return null;
          const l = await client!.readContract({ address: token, abi: licenseTokenAbi, functionName: "getLicense", args: [licenseId] });
          const ipId = BigInt(l.ipId);
          const [terms, trainingNow, purchase, flowRate, usage, unpaid, paidEvents] = await Promise.all([
            client!.readContract({ address: contracts.LicenseTerms!, abi: licenseTermsAbi, functionName: "getTerms", args: [BigInt(l.termsId)] }),
            client!.readContract({ address: token, abi: licenseTokenAbi, functionName: "licenseGrants", args: [licenseId, 0] }),
            client!.getContractEvents({ address: token, abi: licenseTokenAbi, eventName: "LicensePurchased", args: { licenseId }, fromBlock }),
            contracts.RoyaltyPools
              ? client!.readContract({ address: contracts.RoyaltyPools, abi: royaltyPoolsAbi, functionName: "licenseeFlowRate", args: [ipId, account!] })
              : Promise.resolve(0n),
            contracts.UsageMeter ? client!.readContract({ address: contracts.UsageMeter, abi: usageMeterAbi, functionName: "usageOf", args: [licenseId] }) : null,
            contracts.UsageMeter ? client!.readContract({ address: contracts.UsageMeter, abi: usageMeterAbi, functionName: "unpaidUnits", args: [licenseId] }) : 0n,
            contracts.UsageMeter ? client!.getContractEvents({ address: contracts.UsageMeter, abi: usageMeterAbi, eventName: "UsagePaid", args: { licenseId }, fromBlock }) : [],
          ]);
          return {
            licenseId,
            ipId,
            termsId: BigInt(l.termsId),
            terms: terms as Terms,
            start: Number(l.start),
            expiry: Number(l.expiry),
            trainingNow,
            flowRate: BigInt(flowRate),
            fee: purchase[0]?.args.fee ?? 0n,
            usagePaid: paidEvents.reduce((sum, e) => sum + (e.args.amount ?? 0n), 0n),
            unitsReported: BigInt(usage?.reported ?? 0),
            unitsPaid: BigInt(usage?.paid ?? 0),
            unpaidUnits: BigInt(unpaid),
          };
        }),
      );
      return rows.filter((r): r is LicenseRow => r !== null).sort((a, b) => Number(a.licenseId - b.licenseId));
    },
  });
}

type GatewayUsage = OnWire<MeteredUsage>;

/** The AI company's dashboard: licenses, streams, metered usage and spend; downloads of licensed originals. */
export function Licenses() {
  const { address } = useAccount();
  const { currency } = useDeployment();
  const m = { symbol: currency.superTokenSymbol, decimals: currency.decimals };
  const licenses = useMyLicenses(address);
  const wallet = useLiveWallet(address);
  const { ensureSignedIn } = useGatewaySession();
  const { signTypedDataAsync } = useSignTypedData();
  const [gatewayUsage, setGatewayUsage] = useState<GatewayUsage | null>(null);
  const [usageProblem, setUsageProblem] = useState<string | null>(null);

  if (!address) return <ConnectFirst what="your licenses" />;
  const rows = licenses.data ?? [];
  const fees = rows.reduce((s, r) => s + r.fee, 0n);
  const usagePaid = rows.reduce((s, r) => s + r.usagePaid, 0n);
  const streaming = rows.reduce((s, r) => s + r.flowRate, 0n);

  const loadUsage = async () => {
    setUsageProblem(null);
    try {
      await ensureSignedIn();
      setGatewayUsage(await gatewayFetch<GatewayUsage>("/api/usage"));
    } catch (error) {
      setUsageProblem(explainError(error));
    }
  };
  const signReceipt = async (r: NonNullable<GatewayUsage["usage"][number]["receiptToSign"]>) => {
    setUsageProblem(null);
    try {
      const message = { licenseId: BigInt(r.message.licenseId), cumulativeUnits: BigInt(r.message.cumulativeUnits) };
      const signature = await signTypedDataAsync({
        domain: r.domain,
        types: { UsageReceipt: [{ name: "licenseId", type: "uint256" }, { name: "cumulativeUnits", type: "uint64" }] },
        primaryType: "UsageReceipt",
        message,
      });
      await gatewayFetch("/api/usage/receipts", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ receipts: [{ licenseId: r.message.licenseId, cumulativeUnits: r.message.cumulativeUnits, signature }] }),
      });
      await loadUsage();
    } catch (error) {
      setUsageProblem(explainError(error));
    }
  };

  return (
    <>
      <section className="card" aria-labelledby="spend-heading">
        <h2 id="spend-heading">Spend</h2>
        <dl className="stats">
          <div><dt>Licenses held</dt><dd data-testid="licenses-count">{rows.length}</dd></div>
          <div><dt>Upfront fees paid</dt><dd data-testid="fees-paid">{moneyWords(fees, m)}</dd></div>
          <div><dt>Metered usage paid</dt><dd data-testid="usage-paid">{moneyWords(usagePaid, m)}</dd></div>
          <div><dt>Streaming out now</dt><dd data-testid="streaming-out" data-flow-rate={streaming.toString()}>{perMonth(streaming, m)}</dd></div>
          <div>
            <dt>Balance left, live</dt>
            <dd>{wallet.data ? <><LiveAmount {...wallet.data} decimals={currency.decimals} className="live-small" testId="live-balance" /> {m.symbol}</> : "…"}</dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="licenses-heading">
        <h2 id="licenses-heading">Your licenses</h2>
        {licenses.error ? <p role="alert" className="problem">{explainError(licenses.error)}</p> : null}
        {licenses.isLoading ? <p className="muted">Reading your licenses…</p> : null}
        {rows.length === 0 && !licenses.isLoading ? (
          <p>
            No licenses yet. <a href="/?use=training&sort=price-asc">Browse AI-trainable works, cheapest first</a>.
          </p>
        ) : null}
        <ul className="offers">
          {rows.map((r) => (
            <li key={r.licenseId.toString()} className="offer" data-testid={`license-${r.licenseId}`}>
              <h3>
                License #{r.licenseId.toString()} of <WorkName ipId={r.ipId} />
              </h3>
              <p className="muted">
                {termsHeadline(r.terms)} · bought {blockTimeWords(r.start)} · {r.expiry ? `expires ${blockTimeWords(r.expiry)}` : durationWords(0).toLowerCase()}
                {r.fee ? ` · paid ${moneyWords(r.fee, m)}` : ""}
              </p>
              <p>
                AI training allowed now: <strong data-testid="training-now">{r.trainingNow ? "yes" : "no"}</strong>
                {r.terms.pricePerUnit > 0n ? (
                  <>
                    {" "}· metered: {r.unitsReported.toString()} files reported, {r.unitsPaid.toString()} paid ({moneyWords(r.usagePaid, m)}), {r.unpaidUnits.toString()} unpaid
                  </>
                ) : null}
              </p>
              <PayUsage licenseId={r.licenseId} unpaidUnits={r.unpaidUnits} pricePerUnit={r.terms.pricePerUnit} />
              {r.terms.minStreamRate > 0n ? <StreamControl ipId={r.ipId} minRate={r.terms.minStreamRate} /> : null}
              {r.terms.aiTrainingAllowed ? <Download ipId={r.ipId} /> : null}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="usage-heading">
        <h2 id="usage-heading">Metered usage at the gateway</h2>
        <p className="muted">Every file the gateway serves you is counted. Sign a usage receipt for the total; the gateway settles receipts on chain.</p>
        <button type="button" className="secondary" onClick={() => void loadUsage()}>
          Show my usage
        </button>
        {usageProblem ? <p role="alert" className="problem">{usageProblem}</p> : null}
        {gatewayUsage ? (
          gatewayUsage.usage.length === 0 ? (
            <p data-testid="gateway-usage">No files served yet.</p>
          ) : (
            <div className="table-scroll">
              <table data-testid="gateway-usage">
                <thead>
                  <tr>
                    <th scope="col">License</th>
                    <th scope="col">Files served</th>
                    <th scope="col">Units signed / settled</th>
                    <th scope="col">Owed</th>
                    <th scope="col"><span className="visually-hidden">Action</span></th>
                  </tr>
                </thead>
                <tbody>
                  {gatewayUsage.usage.map((u) => (
                    <tr key={u.licenseId}>
                      <td>#{u.licenseId} (IP #{u.ipId})</td>
                      <td>{u.files}</td>
                      <td>
                        {u.signedUnits} / {u.settledUnits}
                      </td>
                      <td>{u.metered ? moneyWords(BigInt(u.owed), m) : "not metered"}</td>
                      <td>
                        {u.receiptToSign ? (
                          <button type="button" onClick={() => void signReceipt(u.receiptToSign!)}>
                            Sign receipt for {u.units} files
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        ) : null}
      </section>
    </>
  );
}

/** Downloads a licensed original through the gateway and checks its SHA-256 against the certificate. */
function Download({ ipId }: { ipId: bigint }) {
  const { ensureSignedIn } = useGatewaySession();
  const [status, setStatus] = useState<{ kind: "idle" | "busy" | "done" | "failed"; words: string }>({ kind: "idle", words: "" });
  const download = async () => {
    setStatus({ kind: "busy", words: "Signing in and downloading…" });
    try {
      await ensureSignedIn();
      const response = await fetch(`/api/works/${ipId}/content?use=training`, { credentials: "same-origin" });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { reason?: string } | null;
        throw new Error(body?.reason ?? `The gateway answered ${response.status}.`);
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const identity = await identifyFile(bytes);
      const expected = response.headers.get(downloadHeaders.sha256)?.toLowerCase();
      if (expected && expected !== identity.sha256.toLowerCase()) throw new Error("The file's SHA-256 does not match its certificate: it was not saved.");
      const url = URL.createObjectURL(new Blob([bytes], { type: response.headers.get("content-type") ?? "application/octet-stream" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = identity.cid;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus({ kind: "done", words: `Downloaded ${bytes.length.toLocaleString("en-US")} bytes; SHA-256 ${identity.sha256.slice(0, 14)}… matches the certificate.` });
    } catch (error) {
      setStatus({ kind: "failed", words: explainError(error) });
    }
  };
  return (
    <div className="download">
      <button type="button" className="secondary" disabled={status.kind === "busy"} onClick={() => void download()}>
        Download the original
      </button>
      <p role={status.kind === "failed" ? "alert" : "status"} className={status.kind === "failed" ? "problem" : undefined} data-testid={`download-${ipId}`} data-status={status.kind}>
        {status.words}
      </p>
    </div>
  );
}

