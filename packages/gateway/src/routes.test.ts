import { describe, expect, it } from "vitest";
import type { GatewayContext } from "./context";
import { dispatch, matchRoute, methodsOf, type Route, routes } from "./routes";

const handlerAt = (method: string, path: string) => {
  const match = matchRoute(routes, method, path);
  return match.kind === "found" ? { name: match.route.handler.name, params: match.params } : match.kind;
};

describe("the route table", () => {
  it("answers every URL the app served before the table, with the same handler it had", () => {
    const cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    expect(handlerAt("POST", "/api/uploads")).toEqual({ name: "upload", params: {} });
    expect(handlerAt("POST", "/api/metadata")).toEqual({ name: "storeMetadata", params: {} });
    expect(handlerAt("GET", `/api/metadata/${cid}`)).toEqual({ name: "metadata", params: { cid } });
    expect(handlerAt("GET", `/api/previews/${cid}`)).toEqual({ name: "preview", params: { cid } });
    expect(handlerAt("GET", "/api/works/7/terms")).toEqual({ name: "workTerms", params: { ipId: "7" } });
    expect(handlerAt("GET", "/api/works/7/license.rsl")).toEqual({ name: "workRsl", params: { ipId: "7" } });
    expect(handlerAt("GET", "/api/works/7/tdm-policy.json")).toEqual({ name: "workTdmPolicy", params: { ipId: "7" } });
    expect(handlerAt("GET", "/api/works/7/content")).toEqual({ name: "content", params: { ipId: "7" } });
    expect(handlerAt("GET", "/api/license.rsl")).toEqual({ name: "catalogRsl", params: {} });
    expect(handlerAt("GET", "/.well-known/tdmrep.json")).toEqual({ name: "tdmrep", params: {} });
    expect(handlerAt("GET", "/robots.txt")).toEqual({ name: "robots", params: {} });
    expect(handlerAt("GET", "/api/auth/nonce")).toEqual({ name: "issueNonce", params: {} });
    expect(handlerAt("POST", "/api/auth/siwe")).toEqual({ name: "signIn", params: {} });
    expect(handlerAt("POST", "/api/auth/logout")).toEqual({ name: "signOut", params: {} });
    expect(handlerAt("GET", "/api/auth/session")).toEqual({ name: "currentSession", params: {} });
    expect(handlerAt("GET", "/api/licenses")).toEqual({ name: "licenses", params: {} });
    expect(handlerAt("GET", "/api/usage")).toEqual({ name: "usage", params: {} });
    expect(handlerAt("POST", "/api/usage/receipts")).toEqual({ name: "submitReceipts", params: {} });
    expect(handlerAt("GET", "/api/x402/paid-files")).toEqual({ name: "paidFiles", params: {} });
    expect(handlerAt("GET", "/api/works/7/credentials")).toEqual({ name: "workCredentials", params: { ipId: "7" } });
    expect(routes).toHaveLength(25);
  });

  it("serves a dataset's manifest and each member's file under the dataset license", () => {
    expect(handlerAt("GET", "/api/datasets/9/manifest")).toEqual({ name: "datasetManifest", params: { ipId: "9" } });
    expect(handlerAt("GET", "/api/datasets/9/members/4/content")).toEqual({
      name: "datasetMemberContent",
      params: { ipId: "9", memberId: "4" },
    });
  });

  it("searches for the works an image derives from", () => {
    expect(handlerAt("POST", "/api/similar")).toEqual({ name: "similar", params: {} });
  });

  it("serves license documents by CID and takes uploaded ones", () => {
    const cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    expect(handlerAt("GET", `/api/legal/${cid}`)).toEqual({ name: "legalDocument", params: { cid } });
    expect(handlerAt("POST", "/api/legal")).toEqual({ name: "uploadLegalDocument", params: {} });
  });

  it("answers HEAD wherever it answers GET, so a client can ask a download's size", () => {
    expect(handlerAt("HEAD", "/api/works/7/content")).toEqual({ name: "content", params: { ipId: "7" } });
    expect(methodsOf(routes).sort()).toEqual(["GET", "HEAD", "POST"]);
  });

  it("hands a handler its parameters decoded, so a smuggled path is one harmless segment", () => {
    expect(handlerAt("GET", "/api/previews/..%2Foriginals%2Fbafy")).toEqual({
      name: "preview",
      params: { cid: "../originals/bafy" },
    });
    expect(handlerAt("GET", "/api/works/%31/content")).toEqual({ name: "content", params: { ipId: "1" } });
  });

  it("tells a wrong method from an unknown path", () => {
    expect(matchRoute(routes, "GET", "/api/uploads")).toEqual({ kind: "wrong_method", allow: ["POST"] });
    expect(matchRoute(routes, "DELETE", "/api/metadata/bafy")).toEqual({
      kind: "wrong_method",
      allow: ["GET", "HEAD"],
    });
    expect(matchRoute(routes, "GET", "/api/works/7")).toEqual({ kind: "none" });
    expect(matchRoute(routes, "GET", "/api/works/7/content/more")).toEqual({ kind: "none" });
    expect(matchRoute(routes, "GET", "/works/7")).toEqual({ kind: "none" });
  });
});

describe("dispatching a request through a table", () => {
  const ctx = {} as GatewayContext;
  const table: Route[] = [
    { method: "GET", pattern: "/echo/:word", handler: async (_ctx, _request, { word }) => new Response(word) },
    {
      method: "POST",
      pattern: "/boom",
      handler: async () => {
        throw new Error("the handler broke");
      },
    },
  ];
  const handle = dispatch(table, ctx);
  const call = (method: string, path: string) => handle(new Request(`http://gateway.test${path}`, { method }));

  it("runs the handler the path and method name", async () => {
    expect(await (await call("GET", "/echo/hello")).text()).toBe("hello");
  });

  it("answers a path it does not serve with a JSON 404", async () => {
    const response = await call("GET", "/nowhere");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "not_found" });
  });

  it("answers a method it does not serve there with 405 and the methods it does", async () => {
    const response = await call("POST", "/echo/hello");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    expect(await response.json()).toMatchObject({ error: "method_not_allowed" });
  });

  it("turns a handler's throw into a JSON 500 instead of a crash", async () => {
    const quiet = console.error;
    console.error = () => {};
    try {
      const response = await call("POST", "/boom");
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ error: "internal_error" });
    } finally {
      console.error = quiet;
    }
  });
});
