import { disputesAbi } from "@ipnft/protocol/abis";
import { disputeOf, disputeSettings, ownerOfIp } from "@ipnft/protocol/verbs";
import type { Metadata } from "next";
import { disputeStateWords, EvidenceWords } from "@/components/disputes/DisputeBanner";
import { RuleDispute } from "@/components/disputes/RuleDispute";
import { PageLink } from "@/components/ui/PageLink";
import { loadDeployment } from "@/lib/deployment.server";
import { chainClient } from "@/lib/works.server";

export const metadata: Metadata = { title: "Disputes · IP-NFT Royalties" };
export const dynamic = "force-dynamic";

/** The most recent disputes a page lists. */
const PAGE = 100;

/** Every dispute, newest first, with its state; the arbiter sees ruling buttons on the open ones. */
export default async function DisputesPage() {
  const lookup = await loadDeployment();
  if (!("deployment" in lookup)) return null;
  const { deployment } = lookup;
  const address = deployment.contracts.Disputes;
  if (!address) return <p className="problem">Disputes are not deployed on this chain.</p>;
  const client = chainClient(deployment);
  const [count, settings] = await Promise.all([
    client.readContract({ address, abi: disputesAbi, functionName: "disputeCount" }),
    disputeSettings(client, deployment),
  ]);
  const ids = Array.from({ length: Math.min(Number(count), PAGE) }, (_, i) => count - BigInt(i));
  const disputes = await Promise.all(ids.map((id) => disputeOf(client, deployment, id)));
  // Only an open dispute is ruled on, and the arbiter may not rule on an IP it owns: their owners now, once each.
  const openIps = [...new Set(disputes.filter((d) => d.status === "open").map((d) => d.ipId))];
  const owners = new Map(
    await Promise.all(openIps.map(async (ipId) => [ipId, await ownerOfIp(client, deployment, ipId)] as const)),
  );

  return (
    <article>
      <h1>Disputes</h1>
      <p className="muted">
        Anyone may contest a registration from its work page (“Dispute this registration”). The arbiter is{" "}
        <span className="mono">{settings.arbiter}</span>.
      </p>
      {disputes.length === 0 ? <p>No dispute has been opened.</p> : null}
      <ul className="disputes" data-testid="disputes">
        {disputes.map((d) => (
          <li key={d.disputeId.toString()} className="card" data-status={d.status}>
            <strong>
              Dispute {d.disputeId.toString()} on <PageLink href={`/works/${d.ipId}`}>IP #{d.ipId.toString()}</PageLink>
            </strong>{" "}
            <span className="badge">{d.status}</span>
            <p>{disputeStateWords(d, deployment)}</p>
            <p className="muted">
              <EvidenceWords d={d} />
            </p>
            {d.status === "open" ? (
              <RuleDispute
                disputeId={d.disputeId}
                ipId={d.ipId}
                arbiter={settings.arbiter}
                owner={owners.get(d.ipId) ?? ""}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </article>
  );
}
