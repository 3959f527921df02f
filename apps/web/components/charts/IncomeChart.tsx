"use client";
import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import type { Source } from "@/lib/indexer/series";
import type { ChartRow } from "./IncomeBars";

/**
 * recharts only where a chart is drawn, and only once it is scrolled into view: the catalog and the server HTML never
 * carry it, and a page whose chart sits below the fold does not pay for it while it loads.
 */
const IncomeBars = dynamic(() => import("./IncomeBars"), {
  ssr: false,
  loading: () => <div className="chart-placeholder" />,
});

export function IncomeChart(props: { rows: ChartRow[]; shown: Source[]; symbol: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === "undefined") return setSeen(true);
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        setSeen(true);
      },
      { rootMargin: "200px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className="chart" aria-hidden="true" data-testid="income-chart">
      {seen ? <IncomeBars {...props} /> : <div className="chart-placeholder" />}
    </div>
  );
}
