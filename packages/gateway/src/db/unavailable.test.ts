import { HttpRequestError } from "viem";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./unavailable";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("telling a database outage from other errors", () => {
  it("counts a refused or cut connection, also wrapped by the query layer", () => {
    expect(isDatabaseUnavailable(withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"))).toBe(true);
    const wrapped = new Error("Failed query: select 1", {
      cause: withCode("terminating connection due to administrator command", "57P01"),
    });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
  });

  it("does not count a query error, nor the chain being down", () => {
    expect(isDatabaseUnavailable(withCode("duplicate key value violates unique constraint", "23505"))).toBe(false);
    const chainDown = new HttpRequestError({
      url: "http://127.0.0.1:8545",
      cause: new Error("fetch failed", { cause: withCode("connect ECONNREFUSED 127.0.0.1:8545", "ECONNREFUSED") }),
    });
    expect(isDatabaseUnavailable(chainDown)).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
