import { compileQuery } from "@ponder/client";
import { sql } from "ponder";
import { describe, expect, it } from "vitest";
import { catalogOrder, catalogWhere, joinsOffers, offersForUse, type SQL } from "./catalog-query";

/** The SQL and parameters the indexer would receive (the client compiles ponder's drizzle objects: see client.ts). */
const compile = (fragment: SQL | undefined) =>
  compileQuery((fragment ?? sql``) as unknown as Parameters<typeof compileQuery>[0]);
const orderSql = (fragments: SQL[]) => compile(sql.join(fragments, sql`, `)).sql;

describe("the catalog's filter", () => {
  it("matches everything when nothing is asked", () => {
    expect(catalogWhere({ q: "" })).toBeUndefined();
  });

  it("searches title, tags and creator in one lowercase text, literally", () => {
    const { sql: text, params } = compile(catalogWhere({ q: "Ink_50%" }));
    expect(text).toBe('"work"."search_text" ilike $1');
    expect(params).toEqual(["%ink\\_50\\%%"]);
  });

  it("combines search, kind and use", () => {
    const { sql: text, params } = compile(catalogWhere({ q: "river", kind: "Style", use: "training" }));
    expect(text).toBe('("work"."search_text" ilike $1 and "work"."kind" = $2 and "work"."offers_training" = $3)');
    expect(params).toEqual(["%river%", "Style", true]);
  });

  it("filters by each use on its own column", () => {
    expect(compile(catalogWhere({ q: "", use: "commercial" })).sql).toBe('"work"."offers_commercial" = $1');
    expect(compile(catalogWhere({ q: "", use: "derivative" })).sql).toBe('"work"."offers_derivative" = $1');
  });
});

describe("the catalog's order", () => {
  it("is newest first by default", () => {
    expect(orderSql(catalogOrder({ sort: "newest" }))).toBe('"work"."registered_at" desc, "work"."id" desc');
  });

  it("sorts by the cheapest open offer, works with nothing on sale last", () => {
    expect(orderSql(catalogOrder({ sort: "price-asc" }))).toBe('"work"."min_price" asc nulls last, "work"."id" asc');
    expect(orderSql(catalogOrder({ sort: "price-desc" }))).toBe('"work"."min_price" desc nulls last, "work"."id" asc');
  });

  it("sorts by the cheapest open offer granting the use the catalog is filtered to, joined without a subquery", () => {
    expect(orderSql(catalogOrder({ sort: "price-asc", use: "training" }))).toBe(
      'min("offer"."price") asc nulls last, "work"."id" asc',
    );
    const join = compile(offersForUse("training"));
    expect(join.sql).toBe(
      '("offer"."ip_id" = "work"."id" and "offer"."sales_open" = $1 and "offer"."grants_training" = $2)',
    );
    expect(join.params).toEqual([true, true]);
  });

  it("joins the offers only to sort by price within a use", () => {
    expect(joinsOffers({ sort: "price-asc", use: "training" })).toBe(true);
    expect(joinsOffers({ sort: "price-asc" })).toBe(false);
    expect(joinsOffers({ sort: "newest", use: "training" })).toBe(false);
  });
});
