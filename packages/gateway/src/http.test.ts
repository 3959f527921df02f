import { describe, expect, it } from "vitest";
import { byteSpan, errorResponse, jsonResponse, limitedBody, parseRange } from "./http";

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

describe("JSON answers and refusals", () => {
  it("carry bigints as decimal strings and are never cached", async () => {
    const response = jsonResponse(200, { licenseId: 2n ** 70n, files: 3 });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ licenseId: "1180591620717411303424", files: 3 });
  });
  it("name both ways to authenticate when they refuse with 401", async () => {
    const response = errorResponse(401, "authentication_required", "Say who you are.");
    expect(response.headers.get("www-authenticate")).toMatch(/EIP712 .*SIWE/);
    expect(await response.json()).toEqual({ error: "authentication_required", reason: "Say who you are." });
  });
});

describe("reading a body with a limit", () => {
  const post = (bytes: number) => new Request("http://gateway.test/x", { method: "POST", body: new Uint8Array(bytes) });
  it("reads a body within the limit whole", async () => {
    const limited = limitedBody(post(10), 10);
    expect((await limited.request.arrayBuffer()).byteLength).toBe(10);
    expect(limited.exceeded()).toBe(false);
  });
  it("fails a body over the limit and says so", async () => {
    const limited = limitedBody(post(11), 10);
    await expect(limited.request.arrayBuffer()).rejects.toThrow();
    expect(limited.exceeded()).toBe(true);
  });
});

describe("the bytes a range asks for", () => {
  it("are the whole file unless a part is asked", () => {
    expect(byteSpan({ kind: "whole" }, 100)).toEqual({ start: 0, end: 99 });
    expect(byteSpan({ kind: "partial", start: 5, end: 9 }, 100)).toEqual({ start: 5, end: 9 });
  });
});
