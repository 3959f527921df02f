"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { type Source, sourceWords } from "@/lib/indexer/series";

export type ChartRow = { label: string } & Partial<Record<Source, number>>;

const colours: Record<Source, string> = { fees: "#22c55e", usage: "#facc15", payments: "#22c55e", streams: "#38bdf8" };

/**
 * The stacked bars of income (or spend) per period. Loaded on demand by `IncomeChart`, so pages without a chart never
 * ship recharts. Hidden from screen readers: the figure's table beside it carries the same figures exactly.
 */
export default function IncomeBars({ rows, shown, symbol }: { rows: ChartRow[]; shown: Source[]; symbol: string }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid stroke="#22302a" vertical={false} />
        <XAxis dataKey="label" stroke="#9fb3a8" fontSize={11} minTickGap={12} />
        <YAxis stroke="#9fb3a8" fontSize={11} width={48} tickFormatter={(v: number) => compact(v)} />
        <Tooltip
          formatter={(value) => `${Number(value).toLocaleString("en-US", { maximumFractionDigits: 4 })} ${symbol}`}
          contentStyle={{ background: "#111a15", border: "1px solid #22302a" }}
          cursor={{ fill: "rgba(255,255,255,0.05)" }}
        />
        {shown.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
        {shown.map((s) => (
          <Bar key={s} dataKey={s} name={sourceWords[s]} stackId="income" fill={colours[s]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

const compact = (v: number) => v.toLocaleString("en-US", { notation: "compact", maximumFractionDigits: 2 });
