import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { uses } from "@ipnft/protocol/terms";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { type Agent, AgentRefusal } from "./agent";
import { buyLicense, getTerms, searchWorks } from "./catalog";
import { fetchDataset } from "./dataset";
import { fetchLicensedFile } from "./files";
import { agentTrainingSummary, usageAndReceipts } from "./records";

/**
 * The agent's MCP server: the AI company's client as tools an agent calls. Every tool answers JSON (as text and as
 * structured content); a refusal (a limit, a missing license, a gateway's no) is a tool error in words, never a throw
 * that would end the session, and a refused payment has spent nothing.
 */
const amount = z.string().regex(/^[0-9]+(\.[0-9]+)?$/, "an amount like 2.5");
const id = z.string().regex(/^[1-9][0-9]{0,18}$/, "a positive whole number");

const json = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v))) as Record<string, unknown>;

async function answer(work: () => Promise<unknown>): Promise<CallToolResult> {
  try {
    const result = json(await work());
    return { content: [{ type: "text", text: JSON.stringify(result, null, 2) }], structuredContent: result };
  } catch (error) {
    const refusal = error instanceof AgentRefusal;
    const text = refusal ? error.message : `The tool failed: ${(error as Error).message}`;
    return { isError: true, content: [{ type: "text", text }] };
  }
}

export function createMcpServer(agent: Agent): McpServer {
  const server = new McpServer({ name: "ipnft-mcp", version: "1.0.0" });
  server.registerTool(
    "search_works",
    {
      description:
        "Search the registered works an AI company can license: by words in their title, description or tags, by " +
        "kind (Work, Style, Dataset), by use (training by default) and by the most you would pay (license or file).",
      inputSchema: {
        text: z.string().max(200).optional(),
        kind: z.enum(["Work", "Style", "Dataset"]).optional(),
        use: z.enum(uses).optional(),
        maxPrice: amount.optional(),
      },
    },
    (args) => answer(() => searchWorks(agent, args)),
  );
  server.registerTool(
    "get_terms",
    {
      description: "A work's birth certificate and every offer on it: terms in words, price, how to buy.",
      inputSchema: { ipId: id },
    },
    ({ ipId }) => answer(() => getTerms(agent, ipId)),
  );
  server.registerTool(
    "buy_license",
    {
      description:
        "Buy a license of a work under one of its offers, paying at most maxFee, within the operator's limits.",
      inputSchema: { ipId: id, termsId: id, maxFee: amount },
    },
    (args) => answer(() => buyLicense(agent, args)),
  );
  server.registerTool(
    "fetch_licensed_file",
    {
      description:
        "Download a licensed work's file; it is kept only if its SHA-256 and CID match the chain's certificate, " +
        'and its path, license and settlement are returned and recorded. Without a license, pay: "x402" pays ' +
        "for this one file (a work sold per file), within the operator's limits.",
      inputSchema: { ipId: id, use: z.enum(uses).optional(), pay: z.enum(["license", "x402"]).optional() },
    },
    (args) => answer(() => fetchLicensedFile(agent, args)),
  );
  server.registerTool(
    "fetch_dataset",
    {
      description:
        "Pull a whole licensed dataset: every member file its license lets out, each kept only if its SHA-256 and " +
        "CID match the chain's certificate of that member, with a local manifest; a metered license's price per " +
        "file is held against the operator's limits before each file, and a second call resumes.",
      inputSchema: { ipId: id, use: z.enum(uses).optional() },
    },
    (args) => answer(() => fetchDataset(agent, args)),
  );
  server.registerTool(
    "usage_and_receipts",
    {
      description: "The licenses held, metered usage and receipts, spending against the limits, and files obtained.",
      inputSchema: {},
    },
    () => answer(() => usageAndReceipts(agent)),
  );
  server.registerTool(
    "training_summary",
    {
      description:
        "The licensed-content part of the EU AI Act Art. 53(1)(d) training-data summary (the Commission's " +
        "template), with the verifiable list; a draft for the provider's legal review.",
      inputSchema: {},
    },
    () => answer(() => agentTrainingSummary(agent)),
  );
  return server;
}

/**
 * Serves the tools over Streamable HTTP at `/mcp` on loopback, statelessly: each request gets its own server and
 * transport over the one agent (whose ledger, book and manifest serialize their own writes).
 */
export async function serveMcpHttp(
  agent: Agent,
  port = 0,
  host = "127.0.0.1",
): Promise<{ url: string; close(): Promise<void> }> {
  const http: Server = createServer(async (req, res) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== "/mcp") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
      return;
    }
    const server = createMcpServer(agent);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "internal_error", reason: (error as Error).message }));
    }
  });
  await new Promise<void>((resolve) => http.listen(port, host, resolve));
  const { port: bound } = http.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}/mcp`,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}
