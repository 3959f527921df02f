"use client";
import { itemsFromPaidFiles } from "@ipnft/ai-client/summary/paid-files";
import { purchaseTransaction } from "@ipnft/ai-client/summary/settlements";
import {
  type LicensedItem,
  type TrainingSummary as Summary,
  trainingSummary,
} from "@ipnft/ai-client/summary/training-summary";
import type { LicensesAnswer, PaidFilesAnswer } from "@ipnft/gateway/api";
import { useState } from "react";
import { usePublicClient } from "wagmi";
import { useDeployment } from "@/hooks/useDeployment";
import { useGatewaySession } from "@/hooks/useGatewaySession";
import { explainError } from "@/lib/errors";
import { gatewayFetch } from "@/lib/gateway-client";
import { Problem } from "../ui/Problem";

/**
 * The licensed-content part of the EU AI Act training-data summary, built in the browser by the same generator the
 * CLI and the MCP server use, from the files the gateway served this account under its licenses (each with its
 * license's purchase transaction, read from the chain) and the files it paid for one at a time with x402 (the
 * gateway's record, turned into items as the agent's summary does). A draft for the provider's legal review.
 */
export function TrainingSummary() {
  const deployment = useDeployment();
  const client = usePublicClient();
  const { ensureSignedIn } = useGatewaySession();
  const [summary, setSummary] = useState<Summary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const build = async () => {
    setProblem(null);
    setBusy(true);
    try {
      await ensureSignedIn();
      const [listing, paid] = await Promise.all([
        gatewayFetch<LicensesAnswer>("/api/licenses"),
        gatewayFetch<PaidFilesAnswer>("/api/x402/paid-files"),
      ]);
      const used = listing.licenses.filter((l) => l.work && l.usage && l.usage.files > 0);
      const items = await Promise.all(
        used.map(async (l): Promise<LicensedItem> => {
          const work = l.work!;
          const tx = client ? await purchaseTransaction(client, deployment, BigInt(l.licenseId)) : undefined;
          return {
            cid: work.cid,
            sha256: work.contentHash,
            size: work.size ?? 0,
            mediaType: work.mediaType ?? "application/octet-stream",
            ipId: l.ipId,
            licenseId: l.licenseId,
            termsId: l.termsId,
            terms: l.summary,
            legalTextURI: l.terms.legalTextURI,
            rightsholder: work.creator,
            // The listing has no download times: the license's start bounds when the files could be obtained.
            obtainedAt: new Date(l.start * 1000).toISOString(),
            settlements: tx ? [{ kind: "license_purchase", tx }] : [],
            // This gateway serves every original with `tdm-reservation: 1` (machine-licenses.ts, downloadTdmHeaders).
            tdm: { reservation: "1", rsl: `/api/works/${l.ipId}/license.rsl` },
          };
        }),
      );
      items.push(...itemsFromPaidFiles(paid));
      const { contracts, chainId } = deployment;
      setSummary(
        trainingSummary({ chainId, registry: contracts.IPRegistry, licenseToken: contracts.LicenseToken, items }),
      );
    } catch (error) {
      setProblem(explainError(error));
    } finally {
      setBusy(false);
    }
  };

  const l = summary?.licensedFromRightsholders;
  const download = summary
    ? `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(summary, null, 2))}`
    : undefined;
  return (
    <section className="card" aria-labelledby="training-summary-heading">
      <h2 id="training-summary-heading">Training-data summary (EU AI Act)</h2>
      <p className="muted">
        The part about licensed content of the public summary Art. 53(1)(d) asks of a general-purpose AI model's
        provider, after the Commission's template of 24 July 2025, with the list an auditor checks on chain.
      </p>
      <button type="button" className="secondary" disabled={busy} onClick={() => void build()}>
        {busy ? "Building…" : "Build the summary"}
      </button>
      <Problem>{problem}</Problem>
      {summary && l ? (
        <div data-testid="training-summary">
          <p>
            <strong>{summary.status}.</strong> Not legal advice; your lawyers decide what is published.
          </p>
          <h3>Content licensed from rightsholders (template 2.2.1)</h3>
          <dl className="stats">
            <div>
              <dt>Rightsholders</dt>
              <dd>{l.rightsholders}</dd>
            </div>
            <div>
              <dt>Works</dt>
              <dd>{l.works}</dd>
            </div>
            <div>
              <dt>Modalities</dt>
              <dd>{l.modalities.map((m) => `${m.modality} (${m.files})`).join(", ") || "none"}</dd>
            </div>
            <div>
              <dt>Period</dt>
              <dd>{l.period ? `${l.period.from.slice(0, 10)} to ${l.period.to.slice(0, 10)}` : "none"}</dd>
            </div>
          </dl>
          <ul>
            {l.terms.map((t) => (
              <li key={t.termsId}>
                Terms {t.termsId}: {t.terms} ({t.files} work{t.files === 1 ? "" : "s"})
              </li>
            ))}
          </ul>
          <h3>Rights reservations (template 3.1)</h3>
          <p>{summary.tdmReservations.honoured}</p>
          <h3>Verifiable list</h3>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">CID</th>
                  <th scope="col">IP</th>
                  <th scope="col">License</th>
                  <th scope="col">Settlement</th>
                </tr>
              </thead>
              <tbody>
                {summary.verifiableList.items.map((i) => (
                  <tr key={`${i.cid}/${i.licenseId ?? i.settlements[0]?.tx}`}>
                    <td>
                      <code>{i.cid}</code>
                    </td>
                    <td>{i.ipId}</td>
                    <td>{i.licenseId ?? "paid per file"}</td>
                    <td>
                      <code>{i.settlements.map((s) => s.tx).join(", ") || "none recorded"}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <a href={download} download="training-data-summary.json">
            Download as JSON
          </a>
        </div>
      ) : null}
    </section>
  );
}
