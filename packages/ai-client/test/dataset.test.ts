import assert from "node:assert/strict";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { UploadAnswer } from "@ipnft/gateway/api";
import { createGateway } from "@ipnft/gateway/create-gateway";
import { usageMeteringFor } from "@ipnft/gateway/metering/usage-receipts";
import { serveOnLoopback } from "@ipnft/gateway/node-server";
import { datasetsAbi } from "@ipnft/protocol/abis";
import { writeDeployment } from "@ipnft/protocol/deployment-file";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { parseEther, parseUnits } from "viem";
import { newContent, register as registerIp } from "../../../test/helpers/protocol";
import { gatewayOnChain, json, Kind, Preset } from "../../gateway/test/setup";
import { main } from "../src/cli";
import type { LocalDatasetManifest } from "../src/dataset-pull";
import { openAgent } from "../src/mcp/agent";
import { readAgentConfig } from "../src/mcp/config";
import { fetchDataset } from "../src/mcp/dataset";
import { readManifest } from "../src/mcp/records";
import { serveMcpHttp } from "../src/mcp/server";
import { rpcOverHttp } from "./support/rpc-over-http";

/** Hardhat's third default account: the AI company's wallet in these tests. */
const aiCompanyKey = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const noConsent = { licenseId: 0n, deadline: 0n, nonce: 0n, signature: "0x" } as const;

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text?: string }> };
const text = (r: Result) => r.content.map((c) => c.text ?? "").join("\n");

describe("pulling a whole licensed dataset: the CLI and the MCP tool", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let server: Awaited<ReturnType<typeof serveOnLoopback>>;
  let rpc: Awaited<ReturnType<typeof rpcOverHttp>>;
  let deploymentFile: string;
  const members: Array<{ ipId: bigint; up: UploadAnswer }> = [];
  let flatDataset: bigint;
  let meteredDataset: bigint;
  const tokens = (n: string) => parseUnits(n, t.chain.deployment.currency.decimals);

  /** A dataset of the artist's three works (weights 1, 2, 3), opened and offered under `termsId`. */
  async function datasetOf(termsId: bigint, works = members): Promise<bigint> {
    const { ipId } = await registerIp(t.chain, t.artist, {
      kind: Kind.Dataset,
      content: newContent(),
      termsIds: [termsId],
    });
    const datasets = t.contracts.Datasets;
    const send = async (functionName: string, args: readonly unknown[]) =>
      t.wait(await t.artist.writeContract({ address: datasets, abi: datasetsAbi, functionName, args } as never));
    await send("openDataset", [ipId, 1000]);
    await send("addMembers", [
      ipId,
      works.map((m, i) => ({ ipId: m.ipId, weight: i + 1 })),
      works.map(() => noConsent),
    ]);
    return ipId;
  }

  const cli = async (outDir: string, gateway = server.url) => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const args = ["dataset", flatDataset.toString(), "--gateway", gateway, "--out", outDir];
    const code = await main([...args, "--deployment", deploymentFile], { AI_CLIENT_PRIVATE_KEY: aiCompanyKey }, io);
    const manifest = JSON.parse(await readFile(path.join(outDir, "dataset-manifest.json"), "utf8"));
    return { code, lines, manifest: manifest as LocalDatasetManifest };
  };

  before(async () => {
    t = await gatewayOnChain();
    await t.swapGateway((config) =>
      createGateway({
        ...config,
        metering: usageMeteringFor({ deployment: t.chain.deployment, client: t.chain.publicClient as never })!,
      }),
    );
    server = await serveOnLoopback((request) => t.gateway.handle(request));
    rpc = await rpcOverHttp(t.chain.connection.provider as never);
    deploymentFile = writeDeployment(t.chain.deployment, await mkdtemp(path.join(tmpdir(), "dataset-deployment-")));
    for (const words of ["a harbour at dawn", "a night market", "a field of wheat"]) {
      const up = await json<UploadAnswer>(
        await t.upload(t.artist, Buffer.from(`${words} ${"~".repeat(2000)}`), "text/plain"),
      );
      members.push({ ipId: await t.register(t.artist, up, [Preset.NoAiTraining]), up });
    }
    const metered = await t.meteredTerms({
      maxUnpaidUnits: 5n,
      pricePerUnit: parseEther("10"),
      legalTextURI: "urn:ipnft:terms:test-dataset-metered:v1",
    });
    flatDataset = await datasetOf(Preset.AiTrainingFlatFee);
    meteredDataset = await datasetOf(metered);
    await t.fund(t.aiCompany);
    await t.buyLicense(t.aiCompany, flatDataset, Preset.AiTrainingFlatFee, parseEther("100"));
    await t.buyLicense(t.aiCompany, meteredDataset, metered, 0n);
  });
  after(async () => {
    await server.close();
    await rpc.close();
  });

  it("pulls every member file with the CLI, each verified against its CID and SHA-256, with a manifest", async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), "dataset-cli-"));
    const { code, lines, manifest } = await cli(outDir);
    assert.equal(code, 0, lines.join("\n"));
    assert.deepEqual(manifest.failures, []);
    assert.equal(manifest.datasetIpId, flatDataset.toString());
    assert.deepEqual(
      manifest.files.map((f) => [f.ipId, f.cid, f.sha256, f.weight, f.status]),
      members.map((m, i) => [m.ipId.toString(), m.up.cid, m.up.sha256, String(i + 1), "downloaded"]),
    );
    for (const m of members) assert.equal((await stat(path.join(outDir, m.up.cid))).size, m.up.size);
  });

  it("resumes: a second run keeps the verified files without downloading or metering them again", async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), "dataset-resume-"));
    const first = await cli(outDir);
    const licenseId = BigInt(first.manifest.licenseId);
    const again = await cli(outDir);
    assert.equal(again.code, 0);
    assert.deepEqual(
      again.manifest.files.map((f) => f.status),
      ["already_verified", "already_verified", "already_verified"],
    );
    await Promise.all(t.gateway.context.pendingRecords);
    const usage = await t.gateway.context.ledger.usage(licenseId, t.aiCompany.account.address);
    // Three from the first test's pull and three from this directory's first run: the reruns asked for nothing.
    assert.equal(usage?.files, 6);
  });

  it("does not keep a member file whose bytes are not the ones registered on chain", async () => {
    const tampered = members[1];
    const liar = await serveOnLoopback(async (request) => {
      const response = await t.gateway.handle(request);
      if (!new URL(request.url).pathname.endsWith(`/members/${tampered.ipId}/content`)) return response;
      const bytes = new Uint8Array(await response.arrayBuffer());
      bytes[10] ^= 0xff;
      return new Response(bytes, { status: 200, headers: response.headers });
    });
    try {
      const outDir = await mkdtemp(path.join(tmpdir(), "dataset-tampered-"));
      const { code, manifest } = await cli(outDir, liar.url);
      assert.equal(code, 1);
      assert.deepEqual(
        manifest.failures.map((f) => [f.ipId, f.error]),
        [[tampered.ipId.toString(), "hash_mismatch"]],
      );
      assert.equal(manifest.files.length, 2);
      await assert.rejects(stat(path.join(outDir, tampered.up.cid)), /ENOENT/);
    } finally {
      await liar.close();
    }
  });

  it("fetch_dataset refuses a work a gateway lists that the chain does not hold as a member", async () => {
    const outsider = members[0];
    const onlyTwo = await datasetOf(Preset.AiTrainingFlatFee, members.slice(1));
    await t.buyLicense(t.aiCompany, onlyTwo, Preset.AiTrainingFlatFee, parseEther("100"));
    // A gateway that slips a non-member into the manifest, hoping the agent fetches (and pays for) it.
    const liar = await serveOnLoopback(async (request) => {
      const response = await t.gateway.handle(request);
      if (!new URL(request.url).pathname.endsWith(`/datasets/${onlyTwo}/manifest`)) return response;
      const manifest = (await response.json()) as { members: Array<Record<string, unknown>> };
      const url = `${server.url}/api/datasets/${onlyTwo}/members/${outsider.ipId}/content`;
      manifest.members.unshift({ ...manifest.members[0], ipId: outsider.ipId.toString(), cid: outsider.up.cid, url });
      return Response.json(manifest);
    });
    const dataDir = await mkdtemp(path.join(tmpdir(), "dataset-mcp-liar-"));
    const agent = await openAgent(
      await readAgentConfig({
        IPNFT_MCP_PRIVATE_KEY: aiCompanyKey,
        GATEWAY_URL: liar.url,
        IPNFT_RPC_URL: rpc.url,
        IPNFT_DEPLOYMENT: deploymentFile,
        IPNFT_MCP_DATA_DIR: dataDir,
        IPNFT_MCP_MAX_PER_CALL: "10",
        IPNFT_MCP_MAX_PER_DAY: "10",
        IPNFT_MCP_MAX_TOTAL: "10",
      }),
    );
    try {
      const local = await fetchDataset(agent, { ipId: onlyTwo.toString() });
      assert.deepEqual(
        local.failures.map((f) => [f.ipId, f.error]),
        [[outsider.ipId.toString(), "not_a_member"]],
      );
      assert.deepEqual(
        local.files.map((f) => f.ipId),
        members.slice(1).map((m) => m.ipId.toString()),
      );
    } finally {
      await liar.close();
    }
  });

  it("fetch_dataset pulls a metered dataset within the spending limits, stops at the limit and resumes", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "dataset-mcp-"));
    const env = (total: string) => ({
      IPNFT_MCP_PRIVATE_KEY: aiCompanyKey,
      GATEWAY_URL: server.url,
      IPNFT_RPC_URL: rpc.url,
      IPNFT_DEPLOYMENT: deploymentFile,
      IPNFT_MCP_DATA_DIR: dataDir,
      IPNFT_MCP_MAX_PER_CALL: "10",
      IPNFT_MCP_MAX_PER_DAY: "100",
      IPNFT_MCP_MAX_TOTAL: total,
    });
    const connect = async (total: string) => {
      const agent = await openAgent(await readAgentConfig(env(total)));
      const mcp = await serveMcpHttp(agent);
      const client = new Client({ name: "dataset-test", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url)));
      const close = async () => {
        await client.close();
        await mcp.close();
      };
      return { agent, client, close };
    };

    // 10 per file, 25 in all: two files fit, the third would pass the limit.
    const first = await connect("25");
    try {
      const stopped = (await first.client.callTool({
        name: "fetch_dataset",
        arguments: { ipId: meteredDataset.toString() },
      })) as Result;
      assert.equal(stopped.isError, true);
      assert.match(text(stopped), /Stopped pulling dataset .*total limit.*resumes/s);
      assert.equal((await readManifest(first.agent)).files.length, 2, "the two paid files are on record");
      assert.equal((await first.agent.ledger.spent()).total, tokens("20"));
    } finally {
      await first.close();
    }

    const second = await connect("100");
    try {
      const resumed = (await second.client.callTool({
        name: "fetch_dataset",
        arguments: { ipId: meteredDataset.toString() },
      })) as Result;
      assert.ok(!resumed.isError, text(resumed));
      const local = resumed.structuredContent as unknown as LocalDatasetManifest;
      assert.deepEqual(
        local.files.map((f) => f.status),
        ["already_verified", "already_verified", "downloaded"],
      );
      assert.equal((await second.agent.ledger.spent()).total, tokens("30"), "the resumed files were not paid twice");
      const recorded = (await readManifest(second.agent)).files;
      assert.deepEqual(recorded.map((f) => f.cid).sort(), members.map((m) => m.up.cid).sort());
      assert.ok(recorded.every((f) => f.licenseId === local.licenseId));
    } finally {
      await second.close();
    }
  });
});
