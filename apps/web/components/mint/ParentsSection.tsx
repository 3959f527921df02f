"use client";
import type { DerivativeGrant } from "@ipnft/protocol/verbs";
import { WorkName } from "@/hooks/works/useWorkInfo";
import { toggled } from "./toggle";

/** For a licensee whose licenses allow derivatives: the works the new one derives from. */
export function ParentsSection({
  grants,
  parents,
  onChange,
}: {
  grants: readonly DerivativeGrant[];
  parents: ReadonlySet<bigint>;
  onChange: (parents: Set<bigint>) => void;
}) {
  if (grants.length === 0) return null;
  return (
    <section className="card" aria-labelledby="parents-heading">
      <h2 id="parents-heading">Derived from another work?</h2>
      <p className="muted">
        You hold licenses that allow derivatives. Name the works this one builds on: the chain records them as its
        parents, and each receives the share of this work’s income its terms ask for.
      </p>
      <ul className="presets">
        {grants.map((g) => (
          <li key={g.licenseId.toString()}>
            <label className="check">
              <input
                type="checkbox"
                checked={parents.has(g.licenseId)}
                onChange={(e) => onChange(toggled(parents, g.licenseId, e.target.checked))}
              />{" "}
              A derivative of <WorkName ipId={g.parentIpId} /> (license #{g.licenseId.toString()}; owes it{" "}
              {g.royaltyBps / 100}% of its income)
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}
