/**
 * `npm run deploy` in production mode, against a local Hardhat node that carries Base Sepolia's chain id (84532):
 * the Superfluid framework and a USDC/USDCx stand-in are deployed there first, by a separate step that writes a
 * metadata-shaped address file; then the production deploy is given only that file, the currency's address and a key.
 * Every refusal must come before any transaction: the deployer's nonce says whether anything was sent.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it, mock } from "node:test";
import { deploymentPath } from "@ipnft/protocol/deployment-file";
import type { Address, Hex } from "viem";
import { createPublicClient, getAddress, http, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { codeMatchesArtifact } from "../../scripts/deploy/artifacts";
import { main } from "../../scripts/deploy/cli";
import { createWrapperSuperToken, TEST_USDC } from "../../scripts/deploy/currency";
import { DeployRefusal, deployProduction, type ProductionOptions } from "../../scripts/deploy/production";
import { protocolArtifact, protocolContracts } from "../../scripts/deploy/protocol";
import { deployStandIn, keyClients, type StandIn } from "../../scripts/deploy/stand-in";
import { repoRoot } from "../../scripts/stack/local-stack";
import { ProcessGroup, waitFor } from "../../scripts/stack/processes";

// Ports of this suite (the deploy engineer's range is 10500-10599).
const REHEARSAL_PORT = 10551;
const NO_METADATA_PORT = 10552;
const NO_METADATA_CHAIN = 424242;

const group = new ProcessGroup();

/** A `hardhat node` serving the rehearsal's network (chain 84532 unless `chainId` says otherwise). */
async function startNode(port: number, chainId?: number) {
  const args = ["node", "--network", "rehearsalnode", "--hostname", "127.0.0.1", "--port", String(port)];
  if (chainId) args.push("--chain-id", String(chainId));
  const node = group.start("chain", path.join(repoRoot, "node_modules/.bin/hardhat"), args, {
    cwd: repoRoot,
    quiet: true,
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) });
  await waitFor(
    `the node on ${port}`,
    async () => (await client.getChainId()) === (chainId ?? 84532),
    60_000,
    () => (node.child.exitCode !== null ? node.output().slice(-2000) : null),
  );
  return { rpcUrl, client };
}

/** A fresh key holding `eth` on the node (a funded account, not an unlocked one). */
async function fundedKey(client: ReturnType<typeof createPublicClient>, eth = "100"): Promise<Hex> {
  const key = generatePrivateKey();
  const address = privateKeyToAccount(key).address;
  await client.request({
    method: "hardhat_setBalance",
    params: [address, `0x${parseEther(eth).toString(16)}`],
  } as never);
  return key;
}

describe("npm run deploy in production mode, on a local node with chain id 84532", () => {
  let node: Awaited<ReturnType<typeof startNode>>;
  let dir: string;
  let standIn: StandIn;
  let deployerKey: Hex;
  let deployer: Address;
  let base: ProductionOptions;

  const nonce = () => node.client.getTransactionCount({ address: deployer });
  /** Runs `attempt`, which must be refused with `message`, and checks that the deployer sent nothing. */
  async function refusedWithoutSending(attempt: () => Promise<unknown>, message: RegExp) {
    const before = await nonce();
    await assert.rejects(attempt, (error: Error) => {
      assert.ok(error instanceof DeployRefusal, `a DeployRefusal, not ${error.stack}`);
      assert.match(error.message, message);
      return true;
    });
    assert.equal(await nonce(), before, "no transaction was sent");
  }

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "deploy-production-"));
    node = await startNode(REHEARSAL_PORT);
    // The separate step standing in for the canonical deployments: Superfluid, USDC and USDCx.
    const standInKey = await fundedKey(node.client, "1000");
    standIn = await deployStandIn({
      rpcUrl: node.rpcUrl,
      key: standInKey,
      superfluidFile: path.join(dir, "superfluid-84532.json"),
    });
    deployerKey = await fundedKey(node.client);
    deployer = privateKeyToAccount(deployerKey).address;
    base = {
      rpcUrl: node.rpcUrl,
      key: deployerKey,
      chainId: 84532,
      superfluidFile: standIn.superfluidFile,
      currency: { superToken: standIn.superToken, underlying: standIn.underlying },
      disputes: { arbiter: deployer },
      deploymentsDir: path.join(dir, "deployments"),
    };
  });

  after(async () => {
    await group.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the separate stand-in step writes Superfluid's addresses in the metadata's contractsV1 shape", () => {
    const file = JSON.parse(readFileSync(standIn.superfluidFile, "utf8")) as Record<string, string>;
    assert.equal(getAddress(file.host), standIn.superfluid.host);
    assert.equal(getAddress(file.gdaV1), standIn.superfluid.gda);
    assert.equal(getAddress(file.cfaV1), standIn.superfluid.cfa);
  });

  it("refuses a missing key or RPC URL by naming the variable to set", async () => {
    await refusedWithoutSending(() => deployProduction({ ...base, key: undefined }), /set DEPLOYER_PRIVATE_KEY/);
    await refusedWithoutSending(
      () => deployProduction({ ...base, rpcUrl: "", variables: { rpcUrl: "BASE_SEPOLIA_RPC_URL" } }),
      /set BASE_SEPOLIA_RPC_URL/,
    );
    await refusedWithoutSending(() => deployProduction({ ...base, currency: {} }), /set CURRENCY_SUPERTOKEN/);
    await refusedWithoutSending(() => deployProduction({ ...base, disputes: {} }), /set DISPUTES_ARBITER/);
    await refusedWithoutSending(
      () => deployProduction({ ...base, disputes: { arbiter: deployer, bond: "0" } }),
      /DISPUTES_BOND must lie between/,
    );
  });

  it("the command names the network's RPC variable, and the key's, when they are not set", async () => {
    const errors: string[] = [];
    const error = mock.method(console, "error", (line: string) => errors.push(line));
    const saved = { rpc: process.env.BASE_SEPOLIA_RPC_URL, key: process.env.DEPLOYER_PRIVATE_KEY };
    delete process.env.BASE_SEPOLIA_RPC_URL;
    delete process.env.DEPLOYER_PRIVATE_KEY;
    try {
      assert.equal(await main(["--network", "baseSepolia"]), 1);
      process.env.BASE_SEPOLIA_RPC_URL = node.rpcUrl;
      assert.equal(await main(["--network", "baseSepolia"]), 1);
    } finally {
      error.mock.restore();
      if (saved.rpc === undefined) delete process.env.BASE_SEPOLIA_RPC_URL;
      else process.env.BASE_SEPOLIA_RPC_URL = saved.rpc;
      if (saved.key !== undefined) process.env.DEPLOYER_PRIVATE_KEY = saved.key;
    }
    const refusals = errors.filter((line) => line.startsWith("refused:"));
    assert.equal(refusals.length, 2);
    assert.match(refusals[0], /^refused: set BASE_SEPOLIA_RPC_URL/);
    assert.match(refusals[1], /^refused: set DEPLOYER_PRIVATE_KEY/);
    assert.ok(refusals.every((line) => line.endsWith("nothing was sent.")));
  });

  it("without --superfluid-file, the canonical Base Sepolia addresses have no code on this node: refused", async () => {
    await refusedWithoutSending(
      () => deployProduction({ ...base, superfluidFile: undefined }),
      new RegExp(
        "Superfluid's host \\(0x[0-9a-fA-F]{40}, from @superfluid-finance/metadata \\(base-sepolia\\)\\) " +
          "has no code on chain 84532",
      ),
    );
  });

  it("refuses a currency not a SuperToken of this host, or wrapping another underlying, saying which", async () => {
    await refusedWithoutSending(
      () => deployProduction({ ...base, currency: { superToken: standIn.underlying } }),
      new RegExp(
        `the currency ${standIn.underlying} is not a SuperToken of the Superfluid host ${standIn.superfluid.host}`,
      ),
    );
    const other = getAddress("0x00000000000000000000000000000000000c0ffe");
    await refusedWithoutSending(
      () => deployProduction({ ...base, currency: { superToken: standIn.superToken, underlying: other } }),
      new RegExp(`wraps ${standIn.underlying}, not the configured underlying ${other} \\(CURRENCY_UNDERLYING\\)`),
    );
    await refusedWithoutSending(
      () => deployProduction({ ...base, currency: { superToken: other } }),
      /the currency 0x00000000000000000000000000000000000c0FfE has no code on this chain/i,
    );
  });

  it("deploys our contracts, with no faucet and no test token, and writes the deployment file", async () => {
    const before = await nonce();
    const { deployment, file, status, verify } = await deployProduction(base);
    assert.equal(status, "deployed");
    assert.equal(file, deploymentPath(84532, base.deploymentsDir));
    assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), JSON.parse(JSON.stringify(deployment)));
    assert.deepEqual(Object.keys(deployment.contracts).sort(), [...protocolContracts].sort(), "no Faucet");
    assert.equal(deployment.devAccounts, undefined);
    assert.deepEqual(deployment.superfluid, standIn.superfluid);
    assert.deepEqual(deployment.currency, {
      underlying: standIn.underlying,
      underlyingSymbol: TEST_USDC.symbol,
      underlyingDecimals: 6,
      underlyingEip712: { name: TEST_USDC.name, version: "2" },
      superToken: standIn.superToken,
      superTokenSymbol: TEST_USDC.superTokenSymbol,
      decimals: 18,
    });
    for (const name of protocolContracts) {
      const code = await node.client.getCode({ address: deployment.contracts[name]! });
      assert.ok(codeMatchesArtifact(code, protocolArtifact(name)), `${name} runs our artifact`);
    }
    assert.equal((await nonce()) - before, protocolContracts.length, "one transaction per contract");
    assert.deepEqual(
      verify.map((v) => v.contract),
      [...protocolContracts],
    );
    assert.match(verify[0].command, /^npx hardhat verify --network <network> 0x[0-9a-fA-F]{40} 0x/);
  });

  it("a re-run finds the deployment in place and sends nothing", async () => {
    const before = await nonce();
    const first = JSON.parse(readFileSync(deploymentPath(84532, base.deploymentsDir), "utf8"));
    const { status, deployment } = await deployProduction(base);
    assert.equal(status, "unchanged");
    assert.deepEqual(JSON.parse(JSON.stringify(deployment)), first);
    assert.equal(await nonce(), before);
  });

  it("refuses a redeploy unlike the recorded one (other code at an address, another currency)", async () => {
    const file = deploymentPath(84532, base.deploymentsDir);
    const original = readFileSync(file, "utf8");
    const recorded = JSON.parse(original);
    // The file says IPRegistry lives where LicenseTerms does: that code is not IPRegistry's.
    writeFileSync(
      file,
      JSON.stringify({
        ...recorded,
        contracts: { ...recorded.contracts, IPRegistry: recorded.contracts.LicenseTerms },
      }),
    );
    await refusedWithoutSending(
      () => deployProduction(base),
      /the code at IPRegistry 0x[0-9a-fA-F]{40} is not the current artifact's/,
    );
    writeFileSync(file, original);

    // Another real SuperToken of the same stablecoin: a different currency from the recorded one.
    const standInClients = await keyClients(node.rpcUrl, await fundedKey(node.client));
    const otherSuperToken = await createWrapperSuperToken(standInClients, standIn.superfluid, standIn.underlying, {
      underlyingDecimals: 6,
      name: "Another wrapper",
      symbol: "AWx",
    });
    const other = { ...base, currency: { superToken: otherSuperToken, underlying: standIn.underlying } };
    await refusedWithoutSending(() => deployProduction(other), /records the currency .* Pass --fresh to deploy anew/);

    // --fresh deploys anew on the other currency and replaces the file.
    const before = await nonce();
    const fresh = await deployProduction({ ...other, fresh: true });
    assert.equal(fresh.status, "deployed");
    assert.equal(fresh.deployment.currency.superToken, otherSuperToken);
    assert.notEqual(fresh.deployment.contracts.IPRegistry, recorded.contracts.IPRegistry);
    assert.equal((await nonce()) - before, protocolContracts.length);
  });

  it("refuses a chain that Superfluid's metadata does not know, sending nothing", async () => {
    const bare = await startNode(NO_METADATA_PORT, NO_METADATA_CHAIN);
    const key = await fundedKey(bare.client);
    const address = privateKeyToAccount(key).address;
    await assert.rejects(
      deployProduction({ ...base, rpcUrl: bare.rpcUrl, chainId: undefined, key, superfluidFile: undefined }),
      (error: Error) =>
        error instanceof DeployRefusal &&
        error.message ===
          `Superfluid is not deployed on chain ${NO_METADATA_CHAIN} (no entry in @superfluid-finance/metadata); ` +
            "pass --superfluid-file <contractsV1.json> with its addresses",
    );
    assert.equal(await bare.client.getTransactionCount({ address }), 0);
  });

  it("refuses a node on another chain than the network's", async () => {
    await refusedWithoutSending(() => deployProduction({ ...base, chainId: 8453 }), /is on chain 84532, not 8453/);
  });
});
