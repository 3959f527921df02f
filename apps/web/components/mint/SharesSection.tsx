"use client";
import { groupDigits } from "@ipnft/protocol/format";

export interface ShareOffer {
  withShares: boolean;
  sharesOffered: string;
  sharePrice: string;
}

/** What the artist offers fans, in words: how many shares and what part of the royalties, or that they keep all. */
export function shareOfferWords(sharesOffered: string, shareSupply: bigint): string {
  if (!/^\d+$/.test(sharesOffered.trim()) || Number(sharesOffered) <= 0) return "You keep every share.";
  const pct = ((Number(sharesOffered) / Number(shareSupply)) * 100).toLocaleString("en-US", {
    maximumFractionDigits: 4,
  });
  return `Fans can buy ${groupDigits(Number(sharesOffered))} shares (${pct}% of the royalties); you keep the rest.`;
}

/** Step 4 of the mint: revenue shares for the work and the part offered to fans. */
export function SharesSection({
  offer,
  onChange,
  shareSupply,
  symbol,
}: {
  offer: ShareOffer;
  onChange: (change: Partial<ShareOffer>) => void;
  shareSupply: bigint;
  symbol: string;
}) {
  return (
    <section className="card" aria-labelledby="shares-heading">
      <h2 id="shares-heading">4. Shares for fans</h2>
      <p className="muted">
        A work has {groupDigits(shareSupply)} revenue shares. Whoever holds them receives its license fees and royalty
        streams, in proportion, second by second. You receive all of them; offer part to fans at a fixed price.
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={offer.withShares}
          onChange={(e) => onChange({ withShares: e.target.checked })}
        />{" "}
        Create revenue shares for this work
      </label>
      {offer.withShares ? (
        <div className="grid-fields">
          <label>
            Shares to offer fans (0 keeps them all)
            <input
              inputMode="numeric"
              value={offer.sharesOffered}
              onChange={(e) => onChange({ sharesOffered: e.target.value })}
            />
          </label>
          <label>
            Price per share ({symbol})
            <input
              inputMode="decimal"
              value={offer.sharePrice}
              onChange={(e) => onChange({ sharePrice: e.target.value })}
            />
          </label>
          <p className="muted" data-testid="share-offer-words">
            {shareOfferWords(offer.sharesOffered, shareSupply)}
          </p>
        </div>
      ) : null}
    </section>
  );
}
