import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { MetadataAnswer, UploadAnswer } from "@ipnft/gateway/api";
import { serveOnLoopback } from "@ipnft/gateway/node-server";
import { superTokenAbi } from "@ipnft/protocol/abis";
import { writeDeployment } from "@ipnft/protocol/deployment-file";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import sharp from "sharp";
import { parseUnits } from "viem";
import { makeDevelopmentIdentity } from "../../gateway/src/c2pa/certificate";
import { gatewayOnChain, json, Preset } from "../../gateway/test/setup";
import { openAgent } from "../src/mcp/agent";
import { readAgentConfig } from "../src/mcp/config";
import { serveMcpHttp } from "../src/mcp/server";
import { rpcOverHttp } from "./support/rpc-over-http";

/** Hardhat's third default account: the AI company's wallet in these tests. */
const aiCompanyKey = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const bin = fileURLToPath(new URL("../bin/ipnft-mcp.js", import.meta.url));

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text?: string }> };
const text = (r: Result) => r.content.map((c) => c.text ?? "").join("\n");

describe("the agent's MCP server, called by the SDK's own client", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let gateway: Awaited<ReturnType<typeof serveOnLoopback>>;
  let rpc: Awaited<ReturnType<typeof rpcOverHttp>>;
  let deploymentDir: string;
  const works: Record<"harbour" | "market" | "sketches", { ipId: bigint; up: UploadAnswer }> = {} as never;
  let env: (dataDir: string, limits: [string, string, string]) => Record<string, string>;

  const balance = () =>
    t.chain.publicClient.readContract({
      address: t.chain.deployment.currency.superToken,
      abi: superTokenAbi,
      functionName: "balanceOf",
      args: [t.aiCompany.account.address],
    });
  const tokens = (n: string) => parseUnits(n, t.chain.deployment.currency.decimals);

  before(async () => {
    // A gateway that adds its C2PA manifest to licensed JPEGs: the agent still keeps the registered bytes.
    t = await gatewayOnChain({ contentCredentials: { identity: await makeDevelopmentIdentity() } });
    gateway = await serveOnLoopback((request) => t.gateway.handle(request));
    rpc = await rpcOverHttp(t.chain.connection.provider as never);
    deploymentDir = await mkdtemp(path.join(tmpdir(), "mcp-deployment-"));
    const deploymentFile = writeDeployment(t.chain.deployment, deploymentDir);
    env = (dataDir, [perCall, perDay, total]) => ({
      IPNFT_MCP_PRIVATE_KEY: aiCompanyKey,
      GATEWAY_URL: gateway.url,
      IPNFT_RPC_URL: rpc.url,
      IPNFT_DEPLOYMENT: deploymentFile,
      IPNFT_MCP_DATA_DIR: dataDir,
      IPNFT_MCP_MAX_PER_CALL: perCall,
      IPNFT_MCP_MAX_PER_DAY: perDay,
      IPNFT_MCP_MAX_TOTAL: total,
      IPNFT_MCP_PROVIDER: "Example AI Lab",
    });

    await t.fund(t.aiCompany, tokens("1000"));
    const add = async (name: string, bytes: Uint8Array, type: string, terms: bigint) => {
      const up = await json<UploadAnswer>(await t.upload(t.artist, bytes, type));
      const metadata = {
        name,
        description: `${name}, for the MCP test`,
        kind: "Work",
        media: { cid: up.cid, sha256: up.sha256, mediaType: up.mediaType, size: up.size },
        image: `ipfs://${up.cid}`,
        creator: t.artist.account.address,
        createdAt: "2026-11-30",
        tags: ["test"],
      };
      const meta = await json<MetadataAnswer>(
        await t.call("/api/metadata", { as: t.artist, method: "POST", body: JSON.stringify(metadata) }),
      );
      return { ipId: await t.register(t.artist, { ...up, metadata: meta }, [terms]), up };
    };
    const harbour = await sharp({ create: { width: 96, height: 64, channels: 3, background: "#4477aa" } })
      .jpeg()
      .toBuffer();
    works.harbour = await add("Harbour at dawn", harbour, "image/jpeg", Preset.AiTrainingFlatFee);
    const gz = randomBytes(20_000);
    gz[0] = 0x1f;
    gz[1] = 0x8b;
    works.market = await add("Night market", gz, "application/gzip", Preset.AiTrainingFlatFee);
    works.sketches = await add(
      "Harbour sketches",
      Buffer.from(`sketches of a harbour ${"-".repeat(2000)}`),
      "text/plain",
      Preset.NoAiTraining,
    );
  });
  after(async () => {
    await gateway.close();
    await rpc.close();
  });

  const stdioClient = async (environment: Record<string, string>) => {
    const client = new Client({ name: "mcp-test", version: "1.0.0" });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin],
      env: { ...environment, PATH: process.env.PATH ?? "" },
      stderr: "pipe",
    });
    await client.connect(transport);
    return client;
  };
  // MCP_TRANSCRIPT=1 prints each call and its answer: the transcript of an agent licensing and fetching a file.
  const call = async (client: Client, name: string, args: Record<string, unknown> = {}) => {
    const result = (await client.callTool({ name, arguments: args })) as Result;
    if (process.env.MCP_TRANSCRIPT) {
      console.log(
        `\n→ ${name} ${JSON.stringify(args)}\n← ${result.isError ? "(error) " : ""}${text(result).slice(0, 1200)}`,
      );
    }
    return result;
  };

  describe("over stdio", () => {
    let dataDir: string;
    let client: Client;
    let bought: Record<string, unknown>;
    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), "mcp-stdio-"));
      client = await stdioClient(env(dataDir, ["150", "150", "1000"]));
    });
    after(() => client.close());

    it("lists its seven tools", async () => {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((tool) => tool.name).sort(), [
        "buy_license",
        "fetch_dataset",
        "fetch_licensed_file",
        "get_terms",
        "search_works",
        "training_summary",
        "usage_and_receipts",
      ]);
    });

    it("finds works by words and use: a work that forbids training is not offered for training", async () => {
      const r = await call(client, "search_works", { text: "harbour", use: "training", maxPrice: "100" });
      assert.ok(!r.isError, text(r));
      const found = r.structuredContent!.works as Array<{ ipId: string; offers: Array<{ termsId: string }> }>;
      assert.deepEqual(
        found.map((w) => w.ipId),
        [works.harbour.ipId.toString()],
      );
      assert.deepEqual(
        found[0].offers.map((o) => o.termsId),
        [Preset.AiTrainingFlatFee.toString()],
      );
      const cheap = await call(client, "search_works", { text: "harbour", maxPrice: "99.99" });
      assert.equal((cheap.structuredContent!.works as unknown[]).length, 0);
    });

    it("reads the terms, buys a license within its limits and fetches the file verified against the chain", async () => {
      const terms = await call(client, "get_terms", { ipId: works.harbour.ipId.toString() });
      assert.equal(terms.structuredContent!.cid, works.harbour.up.cid);
      const before = await balance();
      const buy = await call(client, "buy_license", {
        ipId: works.harbour.ipId.toString(),
        termsId: Preset.AiTrainingFlatFee.toString(),
        maxFee: "100",
      });
      assert.ok(!buy.isError, text(buy));
      bought = buy.structuredContent!;
      assert.equal(before - (await balance()), tokens("100"));

      const fetched = await call(client, "fetch_licensed_file", { ipId: works.harbour.ipId.toString() });
      assert.ok(!fetched.isError, text(fetched));
      const file = fetched.structuredContent as { path: string; cid: string; sha256: string; licenseId: string };
      assert.equal(file.cid, works.harbour.up.cid);
      assert.equal(file.sha256, works.harbour.up.sha256);
      assert.equal(file.licenseId, bought.licenseId);
      assert.equal((await readFile(file.path)).length, works.harbour.up.size);
    });

    it("reports the license, the spend against the limits and the file's receipt", async () => {
      const r = await call(client, "usage_and_receipts");
      assert.ok(!r.isError, text(r));
      const s = r.structuredContent as {
        licenses: Array<{ licenseId: string }>;
        spending: { today: string; total: string };
        receipts: Array<{ cid: string; settlements: Array<{ tx: string }> }>;
      };
      assert.ok(s.licenses.some((l) => l.licenseId === bought.licenseId));
      assert.match(s.spending.today, /^100 /);
      assert.deepEqual(
        s.receipts.map((x) => [x.cid, x.settlements[0].tx]),
        [[works.harbour.up.cid, bought.transaction]],
      );
    });

    it("writes the training-data summary, a draft for legal review, listing the file with its license and settlement", async () => {
      const r = await call(client, "training_summary");
      assert.ok(!r.isError, text(r));
      const s = r.structuredContent as {
        status: string;
        general: { provider: string };
        licensedFromRightsholders: { rightsholders: number; files: number; modalities: Array<{ modality: string }> };
        tdmReservations: { filesWithReservation: number };
        verifiableList: {
          items: Array<{ cid: string; ipId: string; licenseId: string; settlements: Array<{ tx: string }> }>;
        };
      };
      assert.equal(s.status, "Draft for the provider's legal review");
      assert.equal(s.general.provider, "Example AI Lab");
      assert.equal(s.licensedFromRightsholders.rightsholders, 1);
      assert.deepEqual(
        s.licensedFromRightsholders.modalities.map((m) => m.modality),
        ["image"],
        "the harbour is a JPEG",
      );
      assert.equal(s.tdmReservations.filesWithReservation, 1);
      const [item] = s.verifiableList.items;
      assert.deepEqual(
        [item.cid, item.ipId, item.licenseId, item.settlements[0].tx],
        [works.harbour.up.cid, works.harbour.ipId.toString(), bought.licenseId, bought.transaction],
      );
    });

    it("refuses a purchase past the day's limit, spending nothing, and still refuses after a restart", async () => {
      const ask = { ipId: works.market.ipId.toString(), termsId: Preset.AiTrainingFlatFee.toString(), maxFee: "100" };
      const before = await balance();
      const refused = await call(client, "buy_license", ask);
      assert.equal(refused.isError, true);
      assert.match(text(refused), /Refused, nothing spent: .* passes today's limit/);
      await client.close();
      client = await stdioClient(env(dataDir, ["150", "150", "1000"]));
      const again = await call(client, "buy_license", ask);
      assert.match(
        text(again),
        /Refused, nothing spent: .* passes today's limit of 150 tUSDCx \(100 tUSDCx already spent today\)/,
      );
      assert.equal(await balance(), before);
    });

    it("refuses a file it holds no license for, naming what to do", async () => {
      const r = await call(client, "fetch_licensed_file", { ipId: works.sketches.ipId.toString() });
      assert.equal(r.isError, true);
      assert.match(text(r), /holds no license of IP \d+ that allows training: buy one first/);
    });
  });

  describe("over Streamable HTTP", () => {
    let client: Client;
    let server: Awaited<ReturnType<typeof serveMcpHttp>>;
    before(async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), "mcp-http-"));
      server = await serveMcpHttp(await openAgent(await readAgentConfig(env(dataDir, ["100", "500", "150"]))));
      client = new Client({ name: "mcp-test", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    });
    after(async () => {
      await client.close();
      await server.close();
    });

    it("goes from search to a verified file to the summary", async () => {
      const found = await call(client, "search_works", { text: "night market" });
      const [work] = found.structuredContent!.works as Array<{ ipId: string; offers: Array<{ termsId: string }> }>;
      assert.equal(work.ipId, works.market.ipId.toString());
      const buy = await call(client, "buy_license", {
        ipId: work.ipId,
        termsId: work.offers[0].termsId,
        maxFee: "100",
      });
      assert.ok(!buy.isError, text(buy));
      const fetched = await call(client, "fetch_licensed_file", { ipId: work.ipId });
      assert.ok(!fetched.isError, text(fetched));
      assert.equal(fetched.structuredContent!.sha256, works.market.up.sha256);
      const summary = await call(client, "training_summary");
      const list = (summary.structuredContent!.verifiableList as { items: Array<{ cid: string }> }).items;
      assert.deepEqual(
        list.map((i) => i.cid),
        [works.market.up.cid],
      );
    });

    it("refuses a fee above maxFee and a purchase past the total limit, spending nothing", async () => {
      const before = await balance();
      const ask = { ipId: works.harbour.ipId.toString(), termsId: Preset.AiTrainingFlatFee.toString() };
      const low = await call(client, "buy_license", { ...ask, maxFee: "99" });
      assert.match(text(low), /Refused, nothing spent: the license costs 100 .*more than maxFee 99/);
      const total = await call(client, "buy_license", { ...ask, maxFee: "100" });
      assert.match(text(total), /Refused, nothing spent: .* passes the total limit/);
      assert.equal(await balance(), before);
    });
  });
});
