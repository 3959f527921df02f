import { describe, expect, it } from "vitest";
import { parseRange } from "./range";

describe("byte ranges", () => {
  it("serve the whole file when no range is asked", () => {
    expect(parseRange(null, 100)).toEqual({ kind: "whole" });
  });
  it("serve a closed, an open and a suffix range", () => {
    expect(parseRange("bytes=0-9", 100)).toEqual({ kind: "partial", start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ kind: "partial", start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ kind: "partial", start: 90, end: 99 });
    expect(parseRange("bytes=50-1000", 100)).toEqual({ kind: "partial", start: 50, end: 99 });
  });
  it("refuse ranges outside the file", () => {
    expect(parseRange("bytes=100-", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=20-10", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=abc", 100)).toEqual({ kind: "unsatisfiable" });
  });
  it("answer several ranges or unknown units with the whole file", () => {
    expect(parseRange("bytes=0-1,5-6", 100)).toEqual({ kind: "whole" });
    expect(parseRange("items=0-1", 100)).toEqual({ kind: "whole" });
  });
});
