import type { Money, Terms } from "@ipnft/protocol/terms";
import { termsInWords } from "@ipnft/protocol/terms-words";

/** License terms in plain words, as a definition list. */
export function TermsList({ terms, currency }: { terms: Terms; currency: Money }) {
  return (
    <dl className="terms">
      {termsInWords(terms, currency).map((line) => (
        <div key={line.label} className={line.allowed === undefined ? undefined : line.allowed ? "allowed" : "denied"}>
          <dt>{line.label}</dt>
          <dd>{line.value}</dd>
        </div>
      ))}
    </dl>
  );
}
