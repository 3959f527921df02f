import { isUse, type Use } from "@ipnft/protocol/terms";
import { type Kind, kinds } from "@ipnft/protocol/work-metadata";

/**
 * The catalog's state as it lives in the URL (`/?q=&kind=&use=&sort=&page=`): parsed leniently (anything unknown
 * falls back to the default, so a hand-edited or stale link still shows a page) and written back canonically (defaults
 * left out), so links survive reloads, work without JavaScript and are cached under one spelling.
 */
export const PAGE_SIZE = 24;
/** The longest search accepted; longer input is cut, never refused. */
export const MAX_QUERY_LENGTH = 100;
/** Pages past this are not pages anyone reaches by following links; they are treated as past the end. */
export const MAX_PAGE = 100_000;

export const sorts = {
  newest: "Newest first",
  "price-asc": "Price, lowest first",
  "price-desc": "Price, highest first",
} as const;
export type Sort = keyof typeof sorts;

export interface CatalogQuery {
  /** Words to find in a title, a creator's address or a tag; "" for everything. */
  q: string;
  kind?: Kind;
  use?: Use;
  sort: Sort;
  /** 1-based. */
  page: number;
}

export type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

export function parseCatalogParams(params: SearchParams): CatalogQuery {
  const q = first(params.q).replace(/\s+/g, " ").trim().slice(0, MAX_QUERY_LENGTH);
  const kindText = first(params.kind).toLowerCase();
  const kind = kinds.find((k) => k.toLowerCase() === kindText);
  const useText = first(params.use);
  const sortText = first(params.sort);
  const pageText = first(params.page).trim();
  const page = /^[1-9][0-9]{0,8}$/.test(pageText) ? Math.min(Number(pageText), MAX_PAGE + 1) : 1;
  return {
    q,
    kind,
    use: isUse(useText) ? useText : undefined,
    sort: sortText in sorts ? (sortText as Sort) : "newest",
    page,
  };
}

/** The catalog link for `query` with `changes` applied; a change of filter goes back to page 1 unless it names one. */
export function catalogHref(query: CatalogQuery, changes: Partial<CatalogQuery> = {}): string {
  const filtersChanged = (["q", "kind", "use", "sort"] as const).some((k) => k in changes && changes[k] !== query[k]);
  const next = { ...query, ...(filtersChanged && !("page" in changes) ? { page: 1 } : {}), ...changes };
  const search = new URLSearchParams();
  if (next.q) search.set("q", next.q);
  if (next.kind) search.set("kind", next.kind.toLowerCase());
  if (next.use) search.set("use", next.use);
  if (next.sort !== "newest") search.set("sort", next.sort);
  if (next.page > 1) search.set("page", String(next.page));
  const text = search.toString();
  return text ? `/?${text}` : "/";
}

/** What one page shows: the offset into the matches and whether the page is past the end of them. */
export function pageWindow(page: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return {
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
    pages,
    pastEnd: page > pages,
    first: Math.min(total, (page - 1) * PAGE_SIZE + 1),
    last: Math.min(total, page * PAGE_SIZE),
  };
}

/** A search text as a LIKE pattern that matches it literally anywhere: %, _ and \ in it are not wildcards. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
