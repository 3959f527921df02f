"use client";
import type { LiveReading } from "@/lib/live-balance";
import { LiveAmount } from "../LiveAmount";

/** One figure of a stats list that moves every frame: its label, the live amount and the currency, "…" until read. */
export function LiveStat(props: {
  label: React.ReactNode;
  reading: LiveReading | undefined;
  decimals: number;
  symbol: string;
  testId: string;
}) {
  const { reading } = props;
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>
        {reading ? (
          <>
            <LiveAmount {...reading} decimals={props.decimals} className="live-small" testId={props.testId} />{" "}
            {props.symbol}
          </>
        ) : (
          "…"
        )}
      </dd>
    </div>
  );
}
