"use client";
import { formatAmount } from "@ipnft/protocol/format";
import { useEffect, useRef } from "react";
import { liveValue } from "@/lib/live-balance";

/**
 * A balance that moves every frame while something flows: computed in the browser from what the chain said at one
 * block (the amount, the flow rate per second, the block's timestamp), advanced by the time elapsed since the read.
 * Nothing is fetched per frame; the text is written straight to the DOM, and only when the digits shown change, so
 * React does not re-render sixty times a second. It starts once the page has loaded. Screen readers get the flow
 * rate in words instead (aria-live is off here).
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
    // Nothing flows, nothing moves: no frame loop at all.
    if (flowRate === 0n) return;
    let frame = 0;
    let cancelStart = () => {};
    let text = "";
    const tick = () => {
      const value = liveValue({ amount, flowRate, timestamp, readAt }, Date.now());
      const span = ref.current;
      if (span) {
        span.dataset.wei = value.toString();
        // Only a change of the digits shown costs a layout and a paint.
        const next = formatAmount(value, decimals, shown);
        if (next !== text) span.textContent = text = next;
      }
      frame = requestAnimationFrame(tick);
    };
    // The page's own loading comes first: on a slow phone sixty writes a second would compete with hydration and
    // delay the largest paint, so the number starts moving once the page has loaded and the main thread is idle.
    const begin = () => {
      frame = requestAnimationFrame(tick);
    };
    const start = () => {
      if (window.requestIdleCallback) {
        const idle = window.requestIdleCallback(begin, { timeout: 1000 });
        cancelStart = () => window.cancelIdleCallback(idle);
      } else {
        const timer = window.setTimeout(begin, 100);
        cancelStart = () => window.clearTimeout(timer);
      }
    };
    if (document.readyState === "complete") start();
    else window.addEventListener("load", start, { once: true });
    return () => {
      window.removeEventListener("load", start);
      cancelStart();
      cancelAnimationFrame(frame);
    };
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
