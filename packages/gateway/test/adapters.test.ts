import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { UploadAnswer } from "../src/api";
import { mountOnNext } from "../src/next";
import { serveOnLoopback } from "../src/node-server";
import { gatewayOnChain, json, ORIGIN, Preset } from "./setup";

/**
 * One route table, three ways in: the gateway's own `handle` (what the other suites call), the Node server over
 * HTTP on loopback (the benchmark, the CLI's tests), and the Next adapter the app's route files export. Every URL
 * must get the same answer through each.
 */
describe("the Node server and the Next adapter serve the same route table", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let server: Awaited<ReturnType<typeof serveOnLoopback>>;
  let requests: Array<[method: string, path: string, status: number]>;

  before(async () => {
    t = await gatewayOnChain();
    const bytes = randomBytes(2_000);
    bytes[0] = 0x1f;
    bytes[1] = 0x8b;
    const up = await json<UploadAnswer>(
      await t.upload(t.artist, bytes, "application/gzip", { metadata: JSON.stringify({ name: "Adapters" }) }),
    );
    const ipId = await t.register(t.artist, up, [Preset.AiTrainingFlatFee]);
    server = await serveOnLoopback((request) => t.gateway.handle(request));
    requests = [
      ["GET", "/robots.txt", 200],
      ["GET", "/.well-known/tdmrep.json", 200],
      ["GET", "/api/license.rsl", 200],
      ["GET", `/api/works/${ipId}/terms`, 200],
      ["GET", `/api/works/${ipId}/license.rsl`, 200],
      ["GET", `/api/works/${ipId}/tdm-policy.json`, 200],
      ["GET", `/api/metadata/${up.metadata?.cid}`, 200],
      ["GET", `/api/works/${ipId}/content?use=training`, 401],
      ["HEAD", `/api/works/${ipId}/content?use=training`, 401],
      ["GET", "/api/works/99999/terms", 404],
      ["GET", "/api/licenses", 401],
      ["GET", "/api/no-such-route", 404],
      ["GET", "/api/uploads", 405],
      ["POST", "/api/usage/receipts", 401],
    ];
  });

  after(async () => {
    await server?.close();
  });

  /** An answer with the origin it was reached at taken out (links name it); HTTP sends no body for HEAD. */
  async function answer(response: Response, origin: string, method: string) {
    const text = await response.text();
    const body = method === "HEAD" ? "" : text.replaceAll(origin, "<origin>");
    return { status: response.status, type: response.headers.get("content-type"), body };
  }

  it("answers every request over HTTP exactly as the gateway's own handle does", async () => {
    for (const [method, path, status] of requests) {
      const direct = await answer(await t.gateway.handle(new Request(`${ORIGIN}${path}`, { method })), ORIGIN, method);
      const overHttp = await answer(await fetch(`${server.url}${path}`, { method }), server.url, method);
      assert.equal(direct.status, status, `${method} ${path}`);
      assert.deepEqual(overHttp, direct, `${method} ${path}`);
    }
  });

  it("answers every request through the Next route handlers exactly as the gateway's own handle does", async () => {
    const next = mountOnNext(async () => t.gateway);
    for (const [method, path, status] of requests) {
      const handler = next[method as keyof typeof next];
      assert.ok(handler, `the Next adapter exports ${method}`);
      const direct = await answer(await t.gateway.handle(new Request(`${ORIGIN}${path}`, { method })), ORIGIN, method);
      const viaNext = await answer(await handler(new Request(`${ORIGIN}${path}`, { method })), ORIGIN, method);
      assert.equal(viaNext.status, status, `${method} ${path}`);
      assert.deepEqual(viaNext, direct, `${method} ${path}`);
    }
  });

  it("exports a Next handler for each method the table answers: GET and HEAD, POST", () => {
    assert.deepEqual(Object.keys(mountOnNext(async () => t.gateway)).sort(), ["GET", "HEAD", "POST"]);
  });
});
