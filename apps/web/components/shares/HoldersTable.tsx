import { groupDigits, shortAddress } from "@ipnft/protocol/format";
import type { Money } from "@ipnft/protocol/terms";
import { perMonth } from "@ipnft/protocol/terms-words";
import type { Address } from "viem";

/** A work's share holders: shares, their part of the royalties, and what each receives now. */
export function HoldersTable(props: {
  holders: ReadonlyArray<[Address, bigint]>;
  viewer?: Address;
  poolFlowRate: bigint;
  supply: bigint;
  pct: (shares: bigint) => string;
  money: Money;
}) {
  const { viewer, poolFlowRate, supply, pct, money } = props;
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Holder</th>
            <th scope="col">Shares</th>
            <th scope="col">Share of royalties</th>
            <th scope="col">Receives now</th>
          </tr>
        </thead>
        <tbody>
          {props.holders.map(([holder, balance]) => (
            <tr key={holder}>
              <td className="mono" title={holder}>
                {shortAddress(holder)}
                {viewer && holder.toLowerCase() === viewer.toLowerCase() ? " (you)" : ""}
              </td>
              <td>{groupDigits(balance)}</td>
              <td>{pct(balance)}</td>
              <td>{perMonth((poolFlowRate * balance) / supply, money)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
