import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { UploadAnswer } from "@ipnft/gateway/api";
import { createGateway } from "@ipnft/gateway/create-gateway";
import { serveOnLoopback } from "@ipnft/gateway/node-server";
import { writeDeployment } from "@ipnft/protocol/deployment-file";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { decodePaymentRequiredHeader, decodePaymentResponseHeader } from "@x402/core/http";
import { erc20Abi } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { gatewayOnChain, json, Preset } from "../../gateway/test/setup";
import { signPayment, x402OnChain } from "../../gateway/test/support/x402";
import { openAgent } from "../src/mcp/agent";
import { readAgentConfig } from "../src/mcp/config";
import { serveMcpHttp } from "../src/mcp/server";
import { rpcOverHttp } from "./support/rpc-over-http";

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text?: string }> };
const text = (r: Result) => r.content.map((c) => c.text ?? "").join("\n");
const PRICE = 50_000n; // the pay-per-file preset's 0.05 of the currency, in the 6-decimal stablecoin

describe("the agent's MCP server paying for a file with x402", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let x: Awaited<ReturnType<typeof x402OnChain>>;
  let gateway: Awaited<ReturnType<typeof serveOnLoopback>>;
  let rpc: Awaited<ReturnType<typeof rpcOverHttp>>;
  let env: (limits: [string, string, string]) => Promise<Record<string, string>>;
  let up: UploadAnswer;
  let ipId: bigint;
  const key = generatePrivateKey();
  const agentAddress = privateKeyToAccount(key).address;
  const usdcOf = (who: `0x${string}`) =>
    t.chain.publicClient.readContract({ address: x.usdc, abi: erc20Abi, functionName: "balanceOf", args: [who] });

  const connect = async (limits: [string, string, string]) => {
    const server = await serveMcpHttp(await openAgent(await readAgentConfig(await env(limits))));
    const client = new Client({ name: "mcp-x402-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    const call = async (name: string, args: Record<string, unknown> = {}) =>
      (await client.callTool({ name, arguments: args })) as Result;
    const close = async () => {
      await client.close();
      await server.close();
    };
    return { call, close };
  };

  before(async () => {
    t = await gatewayOnChain();
    x = await x402OnChain(t);
    await t.swapGateway((config) => createGateway({ ...config, payPerFile: { settler: x.settler } }));
    gateway = await serveOnLoopback((request) => t.gateway.handle(request));
    rpc = await rpcOverHttp(t.chain.connection.provider as never);
    const deploymentFile = writeDeployment(t.chain.deployment, await mkdtemp(path.join(tmpdir(), "mcp-x402-")));
    env = async ([perCall, perDay, total]) => ({
      IPNFT_MCP_PRIVATE_KEY: key,
      GATEWAY_URL: gateway.url,
      IPNFT_RPC_URL: rpc.url,
      IPNFT_DEPLOYMENT: deploymentFile,
      IPNFT_MCP_DATA_DIR: await mkdtemp(path.join(tmpdir(), "mcp-x402-data-")),
      IPNFT_MCP_MAX_PER_CALL: perCall,
      IPNFT_MCP_MAX_PER_DAY: perDay,
      IPNFT_MCP_MAX_TOTAL: total,
    });
    await x.mint(agentAddress, 1_000_000n);
    const perFile = Preset.AiTrainingPayPerFile;
    const bytes = randomBytes(12_000);
    bytes[0] = 0x1f;
    bytes[1] = 0x8b;
    up = await json<UploadAnswer>(await t.upload(t.artist, bytes, "application/gzip"));
    ipId = await t.register(t.artist, up, [perFile]);
  });
  after(async () => {
    await gateway.close();
    await rpc.close();
  });

  it("pays for one file without a license, keeps it verified and lists its settlement in the summary", async () => {
    const agent = await connect(["1", "1", "1"]);
    try {
      const owner = await usdcOf(t.artist.account.address);
      const r = await agent.call("fetch_licensed_file", { ipId: ipId.toString(), pay: "x402" });
      assert.ok(!r.isError, text(r));
      const file = r.structuredContent as {
        path: string;
        sha256: string;
        settlements: Array<{ kind: string; tx: string }>;
      };
      assert.equal(file.sha256, up.sha256);
      assert.equal((await readFile(file.path)).length, up.size);
      assert.equal(file.settlements[0].kind, "x402_payment");
      assert.equal((await usdcOf(t.artist.account.address)) - owner, PRICE);
      const receipt = await t.chain.publicClient.getTransactionReceipt({
        hash: file.settlements[0].tx as `0x${string}`,
      });
      assert.equal(receipt.status, "success");

      const summary = (await agent.call("training_summary")).structuredContent as {
        licensedFromRightsholders: { acquisition: Array<{ kind: string; transactions: number }> };
        verifiableList: { items: Array<{ ipId: string; licenseId?: string; settlements: Array<{ tx: string }> }> };
      };
      assert.deepEqual(summary.licensedFromRightsholders.acquisition, [{ kind: "x402_payment", transactions: 1 }]);
      const [item] = summary.verifiableList.items;
      assert.deepEqual(
        [item.ipId, item.licenseId, item.settlements[0].tx],
        [ipId.toString(), undefined, receipt.transactionHash],
      );
    } finally {
      await agent.close();
    }
  });

  it("lists in the summary a file its key paid for outside the MCP server, from the gateway's record", async () => {
    // The same key pays for a second work directly (another tool, or a manifest lost): the gateway recorded it.
    const otherBytes = randomBytes(2_000);
    otherBytes[0] = 0x1f;
    otherBytes[1] = 0x8b;
    const other = await json<UploadAnswer>(await t.upload(t.artist, otherBytes, "application/gzip"));
    const ipOther = await t.register(t.artist, other, [Preset.AiTrainingPayPerFile]);
    const contentUrl = `${gateway.url}/api/works/${ipOther}/content?use=training`;
    const required = decodePaymentRequiredHeader((await fetch(contentUrl)).headers.get("payment-required")!);
    const paid = await fetch(contentUrl, {
      headers: { "payment-signature": await signPayment(privateKeyToAccount(key), required) },
    });
    assert.equal(paid.status, 200);
    const { transaction } = decodePaymentResponseHeader(paid.headers.get("payment-response")!);
    const agent = await connect(["1", "1", "1"]);
    try {
      const summary = (await agent.call("training_summary")).structuredContent as {
        verifiableList: { items: Array<{ ipId: string; settlements: Array<{ kind: string; tx: string }> }> };
      };
      const item = summary.verifiableList.items.find((i) => i.ipId === ipOther.toString());
      assert.deepEqual(item?.settlements, [{ kind: "x402_payment", tx: transaction }]);
      const txs = summary.verifiableList.items.flatMap((i) => i.settlements.map((s) => s.tx));
      assert.equal(
        new Set(txs).size,
        txs.length,
        "a file in both the manifest and the gateway's record is listed once",
      );
    } finally {
      await agent.close();
    }
  });

  it("refuses a file whose price passes the per-call limit, signing and spending nothing", async () => {
    const agent = await connect(["0.04", "1", "1"]);
    try {
      const before = await usdcOf(agentAddress);
      const r = await agent.call("fetch_licensed_file", { ipId: ipId.toString(), pay: "x402" });
      assert.equal(r.isError, true);
      assert.match(text(r), /Refused, nothing spent: .* passes the per-call limit/);
      assert.equal(await usdcOf(agentAddress), before);
    } finally {
      await agent.close();
    }
  });

  it("without pay: x402, says it holds no license and how to pay per file", async () => {
    const agent = await connect(["1", "1", "1"]);
    try {
      const r = await agent.call("fetch_licensed_file", { ipId: ipId.toString() });
      assert.match(text(r), /holds no license .* pay: "x402"/);
    } finally {
      await agent.close();
    }
  });
});
