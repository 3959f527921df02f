"use client";
import dynamic from "next/dynamic";
import type { Source } from "@/lib/indexer/series";
import type { ChartRow } from "./IncomeBars";

/** recharts only where a chart is drawn, after the page is up: the catalog and the server HTML never carry it. */
const IncomeBars = dynamic(() => import("./IncomeBars"), {
  ssr: false,
  loading: () => <div className="chart-placeholder" />,
});

export function IncomeChart(props: { rows: ChartRow[]; shown: Source[]; symbol: string }) {
  return (
    <div className="chart" aria-hidden="true" data-testid="income-chart">
      <IncomeBars {...props} />
    </div>
  );
}
