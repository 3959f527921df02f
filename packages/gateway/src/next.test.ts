import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readGatewayConfig } from "./config";
import { mountOnNext } from "./next";
import { servedGateway } from "./server";

describe("the gateway mounted in Next", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "gateway-next-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("answers 503 not_deployed, in words, while the chain has no deployment file", async () => {
    const config = readGatewayConfig({
      DEPLOYMENTS_DIR: path.join(dir, "deployments"),
      DATA_DIR: path.join(dir, "data"),
    });
    const { GET } = mountOnNext(servedGateway(config));
    const response = await GET(new Request("http://127.0.0.1:3000/api/licenses"));
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body.error).toBe("not_deployed");
    expect(body.reason).toMatch(/chain 31337/);
  });

  it("answers 503 gateway_unavailable when the gateway cannot start, instead of throwing", async () => {
    const { POST } = mountOnNext(async () => {
      throw new Error("the chain refused the connection");
    });
    const response = await POST(new Request("http://127.0.0.1:3000/api/uploads", { method: "POST" }));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: "gateway_unavailable" });
  });
});
