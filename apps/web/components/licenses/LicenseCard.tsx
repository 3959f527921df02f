"use client";
import type { Money } from "@ipnft/protocol/terms";
import { durationWords, money as moneyWords, termsHeadline } from "@ipnft/protocol/terms-words";
import type { LicenseRow } from "@/hooks/licenses/useLicenses";
import { WorkName } from "@/hooks/works/useWorkInfo";
import { blockTimeWords } from "@/lib/time";
import { PayUsage } from "../PayUsage";
import { StreamControl } from "../StreamControl";
import { Download } from "./Download";

/** One license the account holds: what it grants now, its metered usage, its stream and the licensed file. */
export function LicenseCard({ license: r, money: m }: { license: LicenseRow; money: Money }) {
  const expiry = r.expiry ? `expires ${blockTimeWords(r.expiry)}` : durationWords(0).toLowerCase();
  return (
    <li className="offer" data-testid={`license-${r.licenseId}`}>
      <h3>
        License #{r.licenseId.toString()} of <WorkName ipId={r.ipId} title={r.title} />
      </h3>
      <p className="muted">
        {termsHeadline(r.terms)} · bought {blockTimeWords(r.start)} · {expiry}
        {r.fee ? ` · paid ${moneyWords(r.fee, m)}` : ""}
      </p>
      <p>
        AI training allowed now: <strong data-testid="training-now">{r.trainingNow ? "yes" : "no"}</strong>
        {r.terms.pricePerUnit > 0n ? (
          <>
            {" "}
            · metered: {r.unitsReported.toString()} files reported, {r.unitsPaid.toString()} paid (
            {moneyWords(r.usagePaid, m)}), {r.unpaidUnits.toString()} unpaid
          </>
        ) : null}
      </p>
      <PayUsage licenseId={r.licenseId} unpaidUnits={r.unpaidUnits} pricePerUnit={r.terms.pricePerUnit} />
      {r.terms.minStreamRate > 0n ? <StreamControl ipId={r.ipId} minRate={r.terms.minStreamRate} /> : null}
      {r.terms.aiTrainingAllowed ? <Download ipId={r.ipId} /> : null}
    </li>
  );
}
