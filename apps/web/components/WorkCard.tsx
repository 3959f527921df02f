import { shortAddress } from "@ipnft/protocol/format";
import type { Money } from "@ipnft/protocol/terms";
import { money, perMonth, termsHeadline } from "@ipnft/protocol/terms-words";
import { PageLink } from "@/components/ui/PageLink";
import type { CatalogCard } from "@/lib/indexer/catalog";

/**
 * One work in the catalog: its public preview, title, kind, creator and cheapest license (the cheapest granting the
 * use the catalog is filtered to, when it is), all from the indexer.
 */
export function WorkCard({ work, currency, priority }: { work: CatalogCard; currency: Money; priority?: boolean }) {
  const title = work.title || `IP #${work.ipId}`;
  const { cheapest } = work;
  return (
    <li className="work-card">
      <PageLink href={`/works/${work.ipId}`} className="work-link">
        {work.previewCid ? (
          // biome-ignore lint/performance/noImgElement: content-addressed previews from the gateway, already small
          <img
            src={`/api/previews/${work.previewCid}`}
            alt={`Preview of “${title}”`}
            width={320}
            height={320}
            loading={priority ? "eager" : "lazy"}
            fetchPriority={priority ? "high" : "auto"}
            decoding="async"
          />
        ) : (
          <div className="no-preview" role="img" aria-label={`${work.kind} without a preview`}>
            {work.kind}
          </div>
        )}
        <span className="work-title">{title}</span>
      </PageLink>
      <p className="work-meta">
        <span className={`kind kind-${work.kind.toLowerCase()}`}>{work.kind}</span>
        {work.trainable ? <span className="badge">AI-trainable</span> : null}
        {work.derivative ? <span className="badge">Derivative</span> : null}
      </p>
      <p className="work-meta">by {shortAddress(work.creator)}</p>
      <p className="work-price" data-testid="work-price">
        {cheapest ? (
          <>
            from {money(cheapest.terms.upfrontFee, currency)} up front
            {cheapest.terms.minStreamRate > 0n ? ` + ${perMonth(cheapest.terms.minStreamRate, currency)}` : ""}
            <span className="muted"> · {termsHeadline(cheapest.terms)}</span>
          </>
        ) : (
          <span className="muted">No license on sale</span>
        )}
      </p>
    </li>
  );
}
