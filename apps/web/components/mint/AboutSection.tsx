"use client";
import { type Kind, kinds, kindWords } from "@ipnft/protocol/work-metadata";

export interface About {
  kind: Kind;
  title: string;
  description: string;
  tags: string;
  royaltyPct: string;
}

/** Step 2 of the mint: what the work is (kind, title, tags, resale royalty, description). */
export function AboutSection({ about, onChange }: { about: About; onChange: (change: Partial<About>) => void }) {
  return (
    <section className="card" aria-labelledby="about-heading">
      <h2 id="about-heading">2. What it is</h2>
      <fieldset className="kinds">
        <legend>Kind</legend>
        {kinds.map((k) => (
          <label key={k} className="check">
            <input
              type="radio"
              name="kind"
              value={k}
              checked={about.kind === k}
              onChange={() => onChange({ kind: k })}
            />{" "}
            {kindWords[k]}
          </label>
        ))}
      </fieldset>
      <div className="grid-fields">
        <label>
          Title
          <input value={about.title} onChange={(e) => onChange({ title: e.target.value })} required maxLength={200} />
        </label>
        <label>
          Tags (comma separated)
          <input
            value={about.tags}
            onChange={(e) => onChange({ tags: e.target.value })}
            placeholder="watercolour, landscape"
          />
        </label>
        <label>
          Resale royalty on the IP-NFT (%)
          <input
            inputMode="decimal"
            value={about.royaltyPct}
            onChange={(e) => onChange({ royaltyPct: e.target.value })}
          />
        </label>
      </div>
      <label>
        Description
        <textarea
          value={about.description}
          onChange={(e) => onChange({ description: e.target.value })}
          rows={3}
          maxLength={4000}
        />
      </label>
    </section>
  );
}
