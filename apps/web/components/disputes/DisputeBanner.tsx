import type { Deployment } from "@ipnft/protocol/deployment";
import { formatAmount, shortAddress } from "@ipnft/protocol/format";
import { type Dispute, disputeOf, disputeSettings } from "@ipnft/protocol/verbs";
import type { WorkDispute } from "@ipnft/protocol/works";
import { PageLink } from "@/components/ui/PageLink";
import { blockTimeWords } from "@/lib/time";
import { chainClient } from "@/lib/works.server";
import { RuleDisputeIsland } from "./RuleDisputeIsland";

/** What a dispute says in words: its state, when, and what happened to the bond. */
export function disputeStateWords(d: Dispute, deployment: Deployment): string {
  const bond = `${formatAmount(d.bond, deployment.currency.decimals)} ${deployment.currency.superTokenSymbol}`;
  switch (d.status) {
    case "open":
      return `Disputed since ${blockTimeWords(d.openedAt)} — new licenses paused`;
    case "upheld":
      return `Ruled ${blockTimeWords(d.closedAt)}: dispute upheld — flagged for good, the bond (${bond}) went back to the disputer`;
    case "rejected":
      return `Ruled ${blockTimeWords(d.closedAt)}: dispute rejected — the bond (${bond}) went to the owner`;
    case "expired":
      return `Closed ${blockTimeWords(d.closedAt)} without a ruling — the bond (${bond}) went back to the disputer`;
    default:
      return "Unknown dispute";
  }
}

/** The evidence a dispute brings, in words. */
export function EvidenceWords({ d }: { d: Dispute }) {
  return (
    <span>
      by <span className="mono">{shortAddress(d.disputer)}</span>
      {d.earlierIpId ? (
        <>
          {" "}
          citing <PageLink href={`/works/${d.earlierIpId}`}>IP #{d.earlierIpId.toString()}</PageLink>
        </>
      ) : null}
      , {(d.similarityBps / 100).toFixed(2)}% similar, evidence <span className="mono wrap">{d.evidenceUri}</span>
    </span>
  );
}

/**
 * The work page's banner when a dispute pauses the work (open) or flagged it (upheld), read from the chain; the
 * arbiter, when connected, sees the ruling buttons on an open one. Without a dispute, a link to open one.
 */
export async function DisputeBanner({
  deployment,
  ipId,
  owner,
  dispute,
}: {
  deployment: Deployment;
  ipId: bigint;
  /** The IP's owner now: an arbiter who owns it may not rule. */
  owner: string;
  dispute?: WorkDispute;
}) {
  if (!deployment.contracts.Disputes) return null;
  if (!dispute) {
    return (
      <p className="muted">
        <PageLink href={`/works/${ipId}/dispute`}>Dispute this registration</PageLink>
      </p>
    );
  }
  const client = chainClient(deployment);
  const [d, settings] = await Promise.all([
    disputeOf(client, deployment, dispute.disputeId),
    disputeSettings(client, deployment),
  ]);
  return (
    <section className="card problem" role="status" data-testid="dispute-banner" data-state={d.status}>
      <h2>{disputeStateWords(d, deployment)}</h2>
      <p>
        Dispute {d.disputeId.toString()} <EvidenceWords d={d} />. Licenses already sold keep working.
      </p>
      {d.status === "open" ? (
        <RuleDisputeIsland disputeId={d.disputeId} ipId={ipId} arbiter={settings.arbiter} owner={owner} />
      ) : null}
    </section>
  );
}
