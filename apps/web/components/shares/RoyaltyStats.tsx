import { formatAmount, groupDigits } from "@ipnft/protocol/format";
import type { Money } from "@ipnft/protocol/terms";
import { perMonth } from "@ipnft/protocol/terms-words";
import type { ReactNode } from "react";
import type { Address } from "viem";
import { HoldersTable } from "./HoldersTable";

/** What a work's pool and sale are now: the figures its royalty section shows. */
export interface PoolFigures {
  poolFlowRate: bigint;
  supply: bigint;
  saleAvailable: bigint;
  salePrice: bigint;
}

/** A number of shares as a part of the supply, in words ("0.1%"). */
export const sharePercent = (supply: bigint) => (n: bigint) =>
  `${(Number((n * 1_000_000n) / supply) / 10_000).toLocaleString("en-US", { maximumFractionDigits: 4 })}%`;

/**
 * A work's revenue shares as figures and holders: the same markup whether the server draws it (for a visitor without
 * a wallet) or the live panel does, so the one replacing the other moves nothing. The live parts come as slots.
 */
export function RoyaltyStats(props: {
  info: PoolFigures;
  money: Money;
  holders: ReadonlyArray<[Address, bigint]>;
  viewer?: Address;
  /** The "paid so far" figure (live, or "…" until read). */
  paid: ReactNode;
  /** The viewer's own income, when they hold shares. */
  mine?: ReactNode;
  /** The sale's form, its problem and its transaction state. */
  sale: ReactNode;
}) {
  const { info, money } = props;
  return (
    <>
      <dl className="stats">
        <div>
          <dt>Royalties flowing in now</dt>
          <dd data-testid="pool-flow-rate" data-flow-rate={info.poolFlowRate.toString()}>
            {perMonth(info.poolFlowRate, money)}
          </dd>
        </div>
        {props.paid}
        <div>
          <dt>Shares</dt>
          <dd>{groupDigits(info.supply)}</dd>
        </div>
        <div>
          <dt>For sale</dt>
          <dd data-testid="shares-for-sale">
            {info.saleAvailable > 0n
              ? `${groupDigits(info.saleAvailable)} at ${formatAmount(info.salePrice, money.decimals, 6)} ${money.symbol}`
              : "None"}
          </dd>
        </div>
        {props.mine}
      </dl>
      {props.sale}
      <h3>Holders</h3>
      <HoldersTable
        holders={props.holders}
        viewer={props.viewer}
        poolFlowRate={info.poolFlowRate}
        supply={info.supply}
        pct={sharePercent(info.supply)}
        money={money}
      />
    </>
  );
}

/** The sale's form as the server draws it: the same fields, not yet usable (buying needs a wallet). */
export function SaleFormPreview({ info, money, amount }: { info: PoolFigures; money: Money; amount: bigint }) {
  if (info.saleAvailable === 0n) return null;
  return (
    <form className="inline-form">
      <label>
        Shares to buy
        <input inputMode="numeric" defaultValue={amount.toString()} readOnly />
      </label>
      <button type="submit" disabled>
        Buy shares
      </button>
      <span className="muted">
        Costs {formatAmount(amount * info.salePrice, money.decimals)} {money.symbol}; earns{" "}
        {sharePercent(info.supply)(amount)} of every royalty.
      </span>
    </form>
  );
}
