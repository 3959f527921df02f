import { describe, expect, it } from "vitest";
import {
  type CatalogQuery,
  catalogHref,
  containsPattern,
  MAX_PAGE,
  MAX_QUERY_LENGTH,
  PAGE_SIZE,
  pageWindow,
  parseCatalogParams,
} from "./catalog-params";

const everything: CatalogQuery = { q: "", sort: "newest", page: 1 };

describe("catalog links", () => {
  it("read an empty query string as the whole catalog, newest first, page 1", () => {
    expect(parseCatalogParams({})).toEqual(everything);
  });

  it("read search, kind, use, sort and page", () => {
    expect(
      parseCatalogParams({ q: " river  light ", kind: "style", use: "training", sort: "price-asc", page: "3" }),
    ).toEqual({ q: "river light", kind: "Style", use: "training", sort: "price-asc", page: 3 });
  });

  it("fall back to the default for anything unknown instead of failing", () => {
    expect(parseCatalogParams({ kind: "statue", use: "eating", sort: "random", page: "-2" })).toEqual(everything);
    expect(parseCatalogParams({ page: "2.5" }).page).toBe(1);
    expect(parseCatalogParams({ page: "0" }).page).toBe(1);
    expect(parseCatalogParams({ page: "1e3" }).page).toBe(1);
  });

  it("take the first of repeated parameters", () => {
    expect(parseCatalogParams({ kind: ["dataset", "work"], page: ["2", "9"] })).toMatchObject({
      kind: "Dataset",
      page: 2,
    });
  });

  it("cut an overlong search instead of refusing it", () => {
    expect(parseCatalogParams({ q: "a".repeat(5000) }).q).toHaveLength(MAX_QUERY_LENGTH);
  });

  it("cap absurd page numbers just past the last page anyone can reach", () => {
    expect(parseCatalogParams({ page: "999999999" }).page).toBe(MAX_PAGE + 1);
  });

  it("write the state back canonically, leaving defaults out", () => {
    expect(catalogHref(everything)).toBe("/");
    expect(catalogHref({ q: "river & sea", kind: "Dataset", use: "commercial", sort: "price-desc", page: 4 })).toBe(
      "/?q=river+%26+sea&kind=dataset&use=commercial&sort=price-desc&page=4",
    );
  });

  it("survive a round trip through the URL", () => {
    const query: CatalogQuery = { q: "tag:ink 50%", kind: "Work", use: "derivative", sort: "price-asc", page: 7 };
    const url = new URL(catalogHref(query), "http://x");
    expect(parseCatalogParams(Object.fromEntries(url.searchParams))).toEqual(query);
  });

  it("go to another page keeping every filter", () => {
    const query: CatalogQuery = { q: "ink", use: "training", sort: "price-asc", page: 1 };
    expect(catalogHref(query, { page: 2 })).toBe("/?q=ink&use=training&sort=price-asc&page=2");
  });

  it("go back to page 1 when a filter changes", () => {
    expect(catalogHref({ ...everything, page: 5 }, { kind: "Style" })).toBe("/?kind=style");
    expect(catalogHref({ ...everything, page: 5 }, { sort: "newest" })).toBe("/?page=5");
  });
});

describe("a catalog page's window", () => {
  it("shows 24 works a page", () => {
    expect(pageWindow(2, 100)).toMatchObject({ offset: PAGE_SIZE, limit: PAGE_SIZE, pages: 5, first: 25, last: 48 });
  });

  it("ends the last page at the last match", () => {
    expect(pageWindow(5, 100)).toMatchObject({ first: 97, last: 100, pastEnd: false });
  });

  it("knows a page past the end is past the end", () => {
    expect(pageWindow(6, 100).pastEnd).toBe(true);
    expect(pageWindow(2, 0)).toMatchObject({ pastEnd: true, pages: 1, first: 0, last: 0 });
  });

  it("has one (empty) page when nothing matches", () => {
    expect(pageWindow(1, 0)).toMatchObject({ pastEnd: false, pages: 1 });
  });
});

describe("a search pattern", () => {
  it("matches the text anywhere", () => {
    expect(containsPattern("ink")).toBe("%ink%");
  });

  it("takes LIKE wildcards in the text literally", () => {
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});
