import { formatAmount } from "@ipnft/protocol/format";
import { disputeSettings } from "@ipnft/protocol/verbs";
import { disputeWords } from "@ipnft/protocol/works";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OpenDispute } from "@/components/disputes/OpenDispute";
import { PageLink } from "@/components/ui/PageLink";
import { loadDeployment } from "@/lib/deployment.server";
import { createWorkReads, workTitle } from "@/lib/works.server";

type Params = { id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Dispute IP #${id} · IP-NFT Royalties` };
}

/**
 * Contesting a work's registration: who may, what it costs (the bond) and what happens; the evidence form. A work
 * already disputed or flagged says so instead.
 */
export default async function DisputeWorkPage({ params }: { params: Promise<Params> }) {
  const { id } = await params;
  const ipId = /^[1-9][0-9]{0,18}$/.test(id) ? BigInt(id) : undefined;
  if (ipId === undefined) notFound();
  const lookup = await loadDeployment();
  if (!("deployment" in lookup)) return null;
  const { deployment } = lookup;
  if (!deployment.contracts.Disputes) return <p className="problem">Disputes are not deployed on this chain.</p>;
  const reads = createWorkReads(deployment);
  const [work, settings] = await Promise.all([reads.work(ipId), disputeSettings(reads.client, deployment)]);
  if (!work) notFound();
  const days = Math.round(settings.rulingWindow / 86_400);
  const bond = `${formatAmount(settings.bond, deployment.currency.decimals)} ${deployment.currency.superTokenSymbol}`;

  return (
    <article>
      <p>
        <PageLink href={`/works/${ipId}`}>← {workTitle(work)}</PageLink>
      </p>
      <h1>Dispute IP #{ipId.toString()}</h1>
      <p>
        Someone registered your work, or a copy of it? Post a bond of {bond} with your evidence. While the dispute is
        open, new licenses, derivatives and share sales of this work are paused; licenses already sold keep working. The
        arbiter rules within {days} days: upheld, the work is flagged for good and your bond comes back; rejected, the
        bond goes to its owner. Without a ruling in time, anyone may close it and the bond comes back.
      </p>
      {work.dispute ? (
        <p className="problem" role="alert">
          {disputeWords(ipId, work.dispute)} <PageLink href={`/works/${ipId}`}>See the work page.</PageLink>
        </p>
      ) : (
        <OpenDispute ipId={ipId} bond={settings.bond} />
      )}
    </article>
  );
}
