"use client";
import type { Money } from "@ipnft/protocol/terms";
import { termsHeadline } from "@ipnft/protocol/terms-words";
import type { TermsPreset } from "@ipnft/protocol/verbs";
import type { Address } from "viem";
import { type TermsDraft, TermsEditor } from "../TermsEditor";
import { TermsList } from "../TermsList";
import { LicenseDocument } from "../terms/LicenseDocument";
import { toggled } from "./toggle";

/** Step 3 of the mint: the shipped presets to offer licenses under, and terms the artist writes. */
export function OffersSection(props: {
  presets: readonly TermsPreset[];
  chosen: ReadonlySet<bigint>;
  onChosen: (chosen: Set<bigint>) => void;
  custom: boolean;
  onCustom: (custom: boolean) => void;
  draft: TermsDraft;
  onDraft: (draft: TermsDraft) => void;
  money: Money;
  superToken: Address;
}) {
  const { presets, chosen, money } = props;
  return (
    <section className="card" aria-labelledby="terms-heading">
      <h2 id="terms-heading">3. Licenses you offer</h2>
      <p className="muted">Pick one or more. Terms are written on chain; licenses sold under them never change.</p>
      <ul className="presets">
        {presets.map((p) => (
          <li key={p.termsId.toString()}>
            <details>
              <summary>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={chosen.has(p.termsId)}
                    onChange={(e) => props.onChosen(toggled(chosen, p.termsId, e.target.checked))}
                  />{" "}
                  {p.name} <span className="muted">({termsHeadline(p.terms)})</span>
                </label>
              </summary>
              <TermsList terms={p.terms} currency={money} />
              <LicenseDocument uri={p.terms.legalTextURI} />
            </details>
          </li>
        ))}
      </ul>
      <label className="check">
        <input type="checkbox" checked={props.custom} onChange={(e) => props.onCustom(e.target.checked)} /> Also offer
        terms I write myself
      </label>
      {props.custom ? (
        <TermsEditor draft={props.draft} onChange={props.onDraft} currency={money} superToken={props.superToken} />
      ) : null}
    </section>
  );
}
