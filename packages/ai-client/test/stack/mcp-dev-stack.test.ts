/**
 * An agent's MCP session against `npm run dev`'s stack: the same pieces `scripts/dev.ts` starts (a Hardhat node with
 * Superfluid and our contracts, the demo seed, the web app under `next dev` serving the gateway at /api), started with
 * its own helpers (scripts/stack/**, as the browser journeys do) on this suite's ports and in temporary directories,
 * so a developer's running `npm run dev` and its files are never touched. The SDK's own client drives the `ipnft-mcp`
 * command over stdio and the agent's Streamable HTTP server: search, terms, a license bought within the limits, the
 * file verified against the chain, and the training-data summary. `MCP_TRANSCRIPT=1` prints the session.
 *
 * Heavy (a chain, a seed and `next dev`): run alone under the lock,
 * `flock /work/heavy.lock npm exec -- tsx --test packages/ai-client/test/stack/mcp-dev-stack.test.ts`.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { devSettlementKey } from "@ipnft/gateway/dev-settler";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { formatUnits } from "viem";
import { seedDemo } from "../../../../scripts/seed/index";
import { deployToNode, startNode, startWeb } from "../../../../scripts/stack/local-stack";
import { ProcessGroup } from "../../../../scripts/stack/processes";
import { openAgent } from "../../src/mcp/agent";
import { readAgentConfig } from "../../src/mcp/config";
import { serveMcpHttp } from "../../src/mcp/server";

/** This suite's ports (the 11600–11699 range): the chain and the web app. */
const PORTS = { chain: 11610, web: 11611 };
/** Hardhat's third default account: the dev stack's AI company, which the demo seed funds. */
const aiCompanyKey = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const bin = fileURLToPath(new URL("../../bin/ipnft-mcp.js", import.meta.url));

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text?: string }> };
const text = (r: Result) => r.content.map((c) => c.text ?? "").join("\n");

describe("an MCP session against npm run dev's stack: search to verified file to summary", () => {
  const group = new ProcessGroup();
  const workDir = mkdtempSync(path.join(tmpdir(), "mcp-dev-stack-"));
  let env: (dataDir: string) => Record<string, string>;
  let decimals: number;

  before(async () => {
    const deploymentsDir = path.join(workDir, "deployments");
    const dataDir = path.join(workDir, "data");
    mkdirSync(dataDir, { recursive: true });
    try {
      const { rpcUrl } = await startNode(group, PORTS.chain);
      const { deployment, file } = await deployToNode(rpcUrl, deploymentsDir);
      decimals = deployment.currency.decimals;
      await seedDemo(deployment, { dataDir });
      const { url } = await startWeb(group, {
        port: PORTS.web,
        mode: "dev",
        env: {
          DEPLOYMENTS_DIR: deploymentsDir,
          DATA_DIR: dataDir,
          GATEWAY_PRIVATE_KEY: devSettlementKey(),
          GATEWAY_PUBLIC_ORIGIN: `http://127.0.0.1:${PORTS.web}`,
        },
        quiet: true,
      });
      env = (agentDir) => ({
        IPNFT_MCP_PRIVATE_KEY: aiCompanyKey,
        GATEWAY_URL: url,
        IPNFT_RPC_URL: rpcUrl,
        IPNFT_DEPLOYMENT: file,
        IPNFT_MCP_DATA_DIR: agentDir,
        IPNFT_MCP_MAX_PER_CALL: "500",
        IPNFT_MCP_MAX_PER_DAY: "500",
        IPNFT_MCP_MAX_TOTAL: "1000",
        IPNFT_MCP_PROVIDER: "Example AI Lab",
      });
    } catch (error) {
      await group.stopAll();
      throw error;
    }
  });
  after(async () => {
    await group.stopAll();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** One agent session: returns what it fetched, so the second transport can compare. */
  async function session(client: Client, transport: string) {
    const call = async (name: string, args: Record<string, unknown> = {}) => {
      const result = (await client.callTool({ name, arguments: args })) as Result;
      if (process.env.MCP_TRANSCRIPT) {
        console.log(
          `\n[${transport}] → ${name} ${JSON.stringify(args)}\n← ${result.isError ? "(error) " : ""}` +
            text(result).slice(0, 900),
        );
      }
      return result;
    };
    const search = await call("search_works", { text: "harbour", use: "training" });
    assert.ok(!search.isError, text(search));
    const works = search.structuredContent!.works as Array<{ ipId: string; name: string; cid: string }>;
    const harbour = works.find((w) => w.name === "Harbour at dawn");
    assert.ok(harbour, `the demo's "Harbour at dawn" is found for training: ${JSON.stringify(works)}`);

    const terms = await call("get_terms", { ipId: harbour.ipId });
    assert.ok(!terms.isError, text(terms));
    const { contentHash, offers } = terms.structuredContent as {
      contentHash: string;
      offers: Array<{ termsId: string; salesOpen: boolean; terms: Record<string, string | boolean> }>;
    };
    const flatFee = offers.find((o) => o.salesOpen && o.terms.aiTrainingAllowed && o.terms.minStreamRate === "0");
    assert.ok(flatFee, "the work sells a training license for a fee up front");

    let fetched = await call("fetch_licensed_file", { ipId: harbour.ipId });
    if (fetched.isError) {
      assert.match(text(fetched), /holds no license/);
      const maxFee = formatUnits(BigInt(flatFee.terms.upfrontFee as string), decimals);
      const bought = await call("buy_license", { ipId: harbour.ipId, termsId: flatFee.termsId, maxFee });
      assert.ok(!bought.isError, text(bought));
      fetched = await call("fetch_licensed_file", { ipId: harbour.ipId });
    }
    assert.ok(!fetched.isError, text(fetched));
    const file = fetched.structuredContent as {
      path: string;
      cid: string;
      sha256: string;
      verified: { sha256: boolean; cid: boolean; against: string };
    };
    assert.deepEqual([file.verified.sha256, file.verified.cid, file.verified.against], [true, true, "chain 31337"]);
    const onDisk = await readFile(file.path);
    assert.equal(`0x${createHash("sha256").update(onDisk).digest("hex")}`, contentHash.toLowerCase());
    assert.equal(file.cid, harbour.cid);

    const summary = await call("training_summary");
    assert.ok(!summary.isError, text(summary));
    const s = summary.structuredContent as {
      status: string;
      verifiableList: { items: Array<{ cid: string; ipId: string; settlements: Array<{ tx: string }> }> };
    };
    assert.equal(s.status, "Draft for the provider's legal review");
    const listed = s.verifiableList.items.find((i) => i.ipId === harbour.ipId);
    assert.equal(listed?.cid, harbour.cid);
    return file;
  }

  it("over stdio: the ipnft-mcp command licenses, fetches a verified file and summarises", async () => {
    const client = new Client({ name: "mcp-dev-stack", version: "1.0.0" });
    const agentDir = mkdtempSync(path.join(workDir, "agent-stdio-"));
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [bin],
        env: { ...env(agentDir), PATH: process.env.PATH ?? "" },
        stderr: "pipe",
      }),
    );
    try {
      await session(client, "stdio");
    } finally {
      await client.close();
    }
  });

  it("over Streamable HTTP: the same session, on the same stack", async () => {
    const server = await serveMcpHttp(
      await openAgent(await readAgentConfig(env(mkdtempSync(path.join(workDir, "agent-http-"))))),
    );
    const client = new Client({ name: "mcp-dev-stack", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    try {
      await session(client, "http");
    } finally {
      await client.close();
      await server.close();
    }
  });
});
