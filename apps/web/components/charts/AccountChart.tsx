"use client";
import type { Money } from "@ipnft/protocol/terms";
import { useIndexed } from "@/hooks/indexer/useIndexed";
import type { Series, Source } from "@/lib/indexer/series";
import { IncomeFigure } from "./IncomeFigure";

/** A dashboard's chart of an account's income or spend over time, read from the indexer and refreshed with the page. */
export function AccountChart(props: {
  queryKey: string;
  account: string;
  read: (account: string) => Promise<Series>;
  title: string;
  money: Money;
  shown: Source[];
  empty: string;
  testId: string;
}) {
  const series = useIndexed([props.queryKey, props.account], () => props.read(props.account));
  if (series.error) {
    return <p className="muted">{props.title}: the indexer is not reachable, so there is no chart right now.</p>;
  }
  if (!series.data) return <p className="muted">Reading {props.title.toLowerCase()}…</p>;
  return (
    <IncomeFigure
      title={props.title}
      series={series.data}
      money={props.money}
      shown={props.shown}
      empty={props.empty}
      testId={props.testId}
    />
  );
}
