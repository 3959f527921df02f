import { formatAmount } from "@ipnft/protocol/format";
import type { Money } from "@ipnft/protocol/terms";

/** The buy button as BuyLicense draws it before a wallet is connected: the same words, not pressable. */
export function BuyLicensePreview({ fee, name, money }: { fee: bigint; name: string; money: Money }) {
  const price = `${formatAmount(fee, money.decimals)} ${money.symbol}`;
  return (
    <div className="buy">
      <button type="button" disabled>
        Buy license “{name}”{fee > 0n ? ` for ${price}` : ""}
      </button>
      <p className="muted">Connect a wallet to buy.</p>
      <p className="tx-status" role="status" aria-live="polite" />
    </div>
  );
}
