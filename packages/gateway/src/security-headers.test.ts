import { describe, expect, it } from "vitest";
import type { GatewayContext } from "./context";
import { dispatch, type Route } from "./routes";
import { pageContentSecurityPolicy } from "./security-headers";

const table: Route[] = [
  { method: "GET", pattern: "/api/ok", handler: async () => new Response("{}", { status: 200 }) },
  {
    method: "GET",
    pattern: "/api/throws",
    handler: async () => {
      throw new Error("boom");
    },
  },
  { method: "GET", pattern: "/api/fetched", handler: async () => Response.json({}) },
];

describe("security headers", () => {
  it("are on every gateway answer: served, not found, wrong method and failed alike", async () => {
    const handle = dispatch(table, {} as GatewayContext);
    const quiet = console.error;
    console.error = () => {};
    try {
      for (const [method, path] of [
        ["GET", "/api/ok"],
        ["GET", "/api/fetched"],
        ["GET", "/api/nowhere"],
        ["POST", "/api/ok"],
        ["GET", "/api/throws"],
      ]) {
        const response = await handle(new Request(`http://gw.test${path}`, { method }));
        expect(response.headers.get("x-frame-options"), path).toBe("DENY");
        expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
        expect(response.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
        expect(response.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
        expect(response.headers.get("content-security-policy"), path).toContain("default-src 'none'");
      }
    } finally {
      console.error = quiet;
    }
  });

  it("let a page run only the app's own scripts and its nonce's, and no eval outside development", () => {
    const policy = pageContentSecurityPolicy({ nonce: "abc", connect: ["http://127.0.0.1:8545"] });
    expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic';");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toContain("connect-src 'self' http://127.0.0.1:8545");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(pageContentSecurityPolicy({ nonce: "abc", dev: true })).toContain("'unsafe-eval'");
  });
});
