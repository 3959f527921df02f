"use client";
import type { MeteredUsage, OnWire } from "@ipnft/gateway/api";
import type { Money } from "@ipnft/protocol/terms";
import { money as moneyWords } from "@ipnft/protocol/terms-words";
import { usageReceiptTypedData } from "@ipnft/protocol/verbs";
import { useState } from "react";
import { useAccount, useSignTypedData } from "wagmi";
import { useDeployment } from "@/hooks/useDeployment";
import { useGatewaySession } from "@/hooks/useGatewaySession";
import { explainError } from "@/lib/errors";
import { gatewayFetch } from "@/lib/gateway-client";
import { Problem } from "../ui/Problem";

type GatewayUsageAnswer = OnWire<MeteredUsage>;
type ReceiptToSign = NonNullable<GatewayUsageAnswer["usage"][number]["receiptToSign"]>;

/**
 * What the gateway has served the account, license by license, and the usage receipts to sign for it. A receipt is
 * signed in the UsageMeter's domain as this app's deployment names it, whatever the gateway asks.
 */
export function GatewayUsage({ money: m }: { money: Money }) {
  const deployment = useDeployment();
  const { ensureSignedIn } = useGatewaySession();
  const { signTypedDataAsync } = useSignTypedData();
  const { address } = useAccount();
  const [answer, setAnswer] = useState<GatewayUsageAnswer | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const attempt = async (work: () => Promise<void>) => {
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(explainError(error));
    }
  };
  const loadUsage = async () => {
    await ensureSignedIn();
    setAnswer(await gatewayFetch<GatewayUsageAnswer>("/api/usage"));
  };
  const signReceipt = async ({ message }: ReceiptToSign) => {
    if (!address) throw new Error("Connect the wallet that used the files to sign for them.");
    // The receipt names this wallet as the licensee: usage is charged to the account that signs for it.
    const receipt = {
      licenseId: BigInt(message.licenseId),
      licensee: address,
      cumulativeUnits: BigInt(message.cumulativeUnits),
    };
    const signature = await signTypedDataAsync(usageReceiptTypedData(deployment, receipt));
    await gatewayFetch("/api/usage/receipts", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        receipts: [{ licenseId: message.licenseId, cumulativeUnits: message.cumulativeUnits, signature }],
      }),
    });
    await loadUsage();
  };

  return (
    <section className="card" aria-labelledby="usage-heading">
      <h2 id="usage-heading">Metered usage at the gateway</h2>
      <p className="muted">
        Every file the gateway serves you is counted. Sign a usage receipt for the total; the gateway settles receipts
        on chain.
      </p>
      <button type="button" className="secondary" onClick={() => void attempt(loadUsage)}>
        Show my usage
      </button>
      <Problem>{problem}</Problem>
      {answer ? (
        answer.usage.length === 0 ? (
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
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {answer.usage.map((u) => (
                  <tr key={u.licenseId}>
                    <td>
                      #{u.licenseId} (IP #{u.ipId})
                    </td>
                    <td>{u.files}</td>
                    <td>
                      {u.signedUnits} / {u.settledUnits}
                    </td>
                    <td>{u.metered ? moneyWords(BigInt(u.owed), m) : "not metered"}</td>
                    <td>
                      {u.receiptToSign ? (
                        <button type="button" onClick={() => void attempt(() => signReceipt(u.receiptToSign!))}>
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
  );
}
