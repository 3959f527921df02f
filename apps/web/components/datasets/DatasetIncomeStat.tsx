"use client";
import { perMonth } from "@ipnft/protocol/terms-words";
import type { Address } from "viem";
import { useIndexed } from "@/hooks/indexer/useIndexed";
import { readCreatorDatasetIncome } from "@/lib/indexer/dataset-actions";
import { LiveStat } from "../ui/LiveStat";

/** The creator dashboard's dataset income: what the creator's works earned from every dataset they are in, live. */
export function DatasetIncomeStat({
  account,
  money,
}: {
  account: Address;
  money: { symbol: string; decimals: number };
}) {
  const query = useIndexed(["dataset-income", account], () => readCreatorDatasetIncome(account));
  const rows = query.data?.rows ?? [];
  const amount = rows.reduce((s, r) => s + r.income, 0n);
  const flowRate = rows.reduce((s, r) => s + r.flowRate, 0n);
  const reading = query.data ? { amount, flowRate, timestamp: query.data.now, readAt: query.dataUpdatedAt } : undefined;
  return (
    <>
      <LiveStat
        label={`From datasets (${new Set(rows.map((r) => r.datasetId)).size})`}
        reading={reading}
        decimals={money.decimals}
        symbol={money.symbol}
        testId="dataset-income"
      />
      <div>
        <dt>Dataset income flowing</dt>
        <dd data-testid="dataset-rate" data-flow-rate={flowRate.toString()}>
          {perMonth(flowRate, money)}
        </dd>
      </div>
    </>
  );
}
