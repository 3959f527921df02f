"use client";
import { formatAmount } from "@ipnft/protocol/format";
import { useEffect, useRef } from "react";
import { liveValue } from "@/lib/live-balance";

/**
 * A balance that moves every frame: computed in the browser from what the chain said at one block
 * (the amount, the flow rate per second, the block's timestamp), advanced by the time elapsed since the
 * read. Nothing is fetched per frame; the text is written straight to the DOM, so React does not re-render
 * sixty times a second. Screen readers get the flow rate in words instead (aria-live is off here).
 */
export function LiveAmount({
  amount,
  flowRate,
  timestamp,
  readAt,
  decimals,
  shown = 8,
  testId,
  className = "live",
}: {
  amount: bigint;
  flowRate: bigint;
  /** Chain time (seconds) at which `amount` was true. */
  timestamp: bigint;
  /** Browser time (ms) when that was read: the chain's clock is advanced by the browser's elapsed time. */
  readAt: number;
  decimals: number;
  shown?: number;
  testId?: string;
  className?: string;
}) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let frame = 0;
    const tick = () => {
      const value = liveValue({ amount, flowRate, timestamp, readAt }, Date.now());
      if (ref.current) {
        ref.current.textContent = formatAmount(value, decimals, shown);
        ref.current.dataset.wei = value.toString();
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [amount, flowRate, timestamp, readAt, decimals, shown]);
  return (
    <span
      ref={ref}
      className={className}
      data-testid={testId}
      data-wei={amount.toString()}
      data-flow-rate={flowRate.toString()}
      aria-live="off"
    >
      {formatAmount(amount, decimals, shown)}
    </span>
  );
}
