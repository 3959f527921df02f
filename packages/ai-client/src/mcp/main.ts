import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { openAgent } from "./agent";
import { readAgentConfig } from "./config";
import { createMcpServer, serveMcpHttp } from "./server";

/**
 * The `ipnft-mcp` bin: the agent's MCP server over stdio (the default), or over Streamable HTTP on loopback with
 * `--http PORT`. Configuration comes from the environment (see config.ts and .env.example). On stdio, stdout carries
 * the protocol only: everything else goes to stderr.
 */
const args = process.argv.slice(2);
if (args.includes("-h") || args.includes("--help")) {
  console.error(
    "Usage: ipnft-mcp [--http PORT]\n\nThe AI company's MCP server: search_works, get_terms, buy_license, " +
      "fetch_licensed_file, usage_and_receipts, training_summary.\nConfigured by IPNFT_MCP_PRIVATE_KEY, GATEWAY_URL, " +
      "IPNFT_RPC_URL, IPNFT_DEPLOYMENT, IPNFT_MCP_DATA_DIR,\nIPNFT_MCP_MAX_PER_CALL, IPNFT_MCP_MAX_PER_DAY, " +
      "IPNFT_MCP_MAX_TOTAL (or a JSON file in IPNFT_MCP_CONFIG).",
  );
  process.exit(0);
}
try {
  const agent = await openAgent(await readAgentConfig(process.env));
  const at = args.indexOf("--http");
  if (at >= 0) {
    const port = Number(args[at + 1]);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--http needs a port number.");
    const { url } = await serveMcpHttp(agent, port);
    console.error(`ipnft-mcp: Streamable HTTP on ${url} as ${agent.account.address}`);
  } else {
    await createMcpServer(agent).connect(new StdioServerTransport());
    console.error(`ipnft-mcp: stdio, as ${agent.account.address}`);
  }
} catch (error) {
  console.error(`ipnft-mcp: ${(error as Error).message}`);
  process.exit(1);
}
