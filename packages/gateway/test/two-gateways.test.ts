/**
 * Two gateway PROCESSES, one site (issue 12, parts 3–4): both on one PostgreSQL server (a real cluster on loopback),
 * one content directory and one local chain, each started as production starts it (configuration from the
 * environment, its own settlement key). What one gateway did, the other knows; receipts settle exactly once, also
 * when a gateway is SIGKILLed mid-settlement; and with the database down, routes that need it answer 503 and no
 * receipt is lost. Ports: 10300–10399.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type Signer, signRequest } from "@ipnft/ai-client/request-signature";
import { settleUsageBatch, usageOf, usageReceiptTypedData } from "@ipnft/protocol/verbs/usage";
import pg from "pg";
import { createPublicClient, createWalletClient, http, parseEther, zeroHash } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { deployToNode, repoRoot, startNode } from "../../../scripts/stack/local-stack";
import { ProcessGroup, waitFor } from "../../../scripts/stack/processes";
import {
  approveSuperToken,
  buyLicense,
  type Chain,
  fundSuperToken,
  register,
  registerTerms,
  superTokenBalance,
  terms,
} from "../../../test/helpers/protocol";
import type { ErrorBody, MeteredUsage, OnWire, ReceiptResults, UploadAnswer } from "../src/api";
import { devSettlementKey } from "../src/dev-settler";
import { settlementEvents } from "./support/meter-events";
import { startPostgres, type TestPostgres } from "./support/postgres";

const PORTS = { chain: 10301, a: 10310, b: 10311, postgres: 10320 };
/** The one site both gateways serve: requests are signed for it, whichever gateway they reach. */
const SITE = "http://site.test";
const MNEMONIC = "test test test test test test test test test test test junk";
const PRICE = parseEther("0.01");
const script = fileURLToPath(new URL("./support/gateway-process.ts", import.meta.url));

interface RunningGateway {
  name: string;
  url: string;
  pid: number;
  output(): string;
}

describe("two gateway processes on one PostgreSQL, one content directory and one chain", () => {
  let postgres: TestPostgres;
  let sql: pg.Pool;
  const chainGroup = new ProcessGroup();
  const gatewayGroups = new Map<string, ProcessGroup>();
  let workDir: string;
  let chain: Chain;
  let gateways: Record<"a" | "b", RunningGateway>;
  let ipId: bigint;
  let licenseId: bigint;
  let termsId: bigint;
  let startBlock: bigint;

  const wallet = (index: number, rpcUrl: string) =>
    createWalletClient({
      account: mnemonicToAccount(MNEMONIC, { addressIndex: index }),
      chain: { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } },
      transport: http(rpcUrl),
    });
  const artist = () => chain.wallets[1];
  const aiCompany = () => chain.wallets[2];
  const signer = (w: Chain["wallets"][number]): Signer => ({
    address: w.account.address,
    signTypedData: (typedData) => w.signTypedData({ ...typedData, account: w.account } as never),
  });

  async function startGateway(name: "a" | "b"): Promise<RunningGateway> {
    const group = new ProcessGroup();
    gatewayGroups.set(name, group);
    const port = PORTS[name];
    const proc = group.start(name, process.execPath, ["--import", "tsx", script], {
      cwd: repoRoot,
      quiet: true,
      env: {
        PORT: String(port),
        CHAIN_ID: "31337",
        DEPLOYMENTS_DIR: path.join(workDir, "deployments"),
        DATA_DIR: path.join(workDir, "data"),
        DATABASE_URL: postgres.url,
        GATEWAY_PUBLIC_ORIGIN: SITE,
        GATEWAY_PRIVATE_KEY: devSettlementKey(),
        GATEWAY_SETTLE_EVERY_MS: "400",
        GATEWAY_SESSION_SECRET: "one site, one session secret",
      },
    });
    await waitFor(
      `gateway ${name}`,
      async () => proc.output().includes("listening"),
      180_000,
      () => (proc.child.exitCode !== null ? proc.output().slice(-3000) : null),
    );
    return { name, url: `http://127.0.0.1:${port}`, pid: proc.child.pid ?? 0, output: proc.output };
  }

  /** A request to one gateway, signed (EIP-712, a fresh nonce) for the site by `as`. */
  async function call(
    gateway: RunningGateway,
    pathAndQuery: string,
    init: { as?: Chain["wallets"][number]; method?: string; body?: BodyInit; authorization?: string } = {},
  ) {
    const method = init.method ?? "GET";
    const headers = new Headers();
    const authorization =
      init.authorization ??
      (init.as ? await signRequest(signer(init.as), 31337, `${SITE}${pathAndQuery}`, method) : undefined);
    if (authorization) headers.set("authorization", authorization);
    if (typeof init.body === "string") headers.set("content-type", "application/json");
    return fetch(`${gateway.url}${pathAndQuery}`, { method, headers, body: init.body });
  }

  const download = async (gateway: RunningGateway) => {
    const response = await call(gateway, `/api/works/${ipId}/content?use=training`, { as: aiCompany() });
    assert.equal(response.status, 200, await response.clone().text());
    await response.arrayBuffer();
  };
  const signedReceipt = async (units: bigint) =>
    JSON.stringify({
      receipts: [
        {
          licenseId: licenseId.toString(),
          cumulativeUnits: units.toString(),
          signature: await aiCompany().signTypedData({
            account: aiCompany().account,
            ...usageReceiptTypedData(chain.deployment, {
              licenseId,
              licensee: aiCompany().account.address,
              cumulativeUnits: units,
            }),
          }),
        },
      ],
    });
  const submit = async (gateway: RunningGateway, body: string) =>
    call(gateway, "/api/usage/receipts", { as: aiCompany(), method: "POST", body });
  const usageRow = async (gateway: RunningGateway) => {
    const response = await call(gateway, "/api/usage", { as: aiCompany() });
    assert.equal(response.status, 200);
    return ((await response.json()) as OnWire<MeteredUsage>).usage.find((u) => u.licenseId === licenseId.toString());
  };
  const queueRow = async () =>
    (
      await sql.query(
        "SELECT cumulative_units, settled_units, settled_tx, claimed_by, pending_tx FROM usage_receipts " +
          "WHERE license_id = $1 AND account = $2",
        [licenseId.toString(), aiCompany().account.address.toLowerCase()],
      )
    ).rows[0] as
      | {
          cumulative_units: string;
          settled_units: string;
          settled_tx: string | null;
          claimed_by: string | null;
          pending_tx: string | null;
        }
      | undefined;
  const settledTo = async (units: bigint) =>
    waitFor(`receipts settled to ${units}`, async () => (await queueRow())?.settled_units === units.toString(), 90_000);
  const events = () =>
    settlementEvents(chain.publicClient as never, chain.deployment, startBlock, licenseId, aiCompany().account.address);
  const balance = () => superTokenBalance(chain, aiCompany().account.address);

  before(async () => {
    postgres = await startPostgres({ port: PORTS.postgres });
    sql = new pg.Pool({ connectionString: postgres.url, max: 2 });
    sql.on("error", () => {}); // the outage below cuts this pool's idle connections too
    workDir = await mkdtemp(path.join(tmpdir(), "two-gateways-"));
    const { rpcUrl } = await startNode(chainGroup, PORTS.chain);
    const { deployment } = await deployToNode(rpcUrl, path.join(workDir, "deployments"));
    const publicClient = createPublicClient({ transport: http(rpcUrl), pollingInterval: 100 });
    chain = { deployment, publicClient, wallets: [0, 1, 2, 3].map((i) => wallet(i, rpcUrl)) } as unknown as Chain;
    startBlock = await publicClient.getBlockNumber();
    const settler = mnemonicToAccount(MNEMONIC, { addressIndex: 19 }).address;
    assert.ok((await publicClient.getBalance({ address: settler })) > parseEther("1"), "the dev settler has gas");
    [gateways] = [{ a: await startGateway("a"), b: await startGateway("b") }];
  });

  after(async () => {
    for (const group of gatewayGroups.values()) await group.stopAll();
    await chainGroup.stopAll();
    await sql?.end().catch(() => {});
    await postgres?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("refuses at gateway B a request signature already used at gateway A", async () => {
    const authorization = await signRequest(signer(aiCompany()), 31337, `${SITE}/api/usage`, "GET");
    assert.equal((await call(gateways.a, "/api/usage", { authorization })).status, 200);
    const replay = await call(gateways.b, "/api/usage", { authorization });
    assert.equal(replay.status, 401);
    assert.equal(((await replay.json()) as ErrorBody).error, "replayed_signature");
  });

  it("stores the same bytes uploaded to both gateways at once exactly once", async () => {
    const bytes = randomBytes(50_000);
    bytes[0] = 0x1f;
    bytes[1] = 0x8b;
    const upload = (gateway: RunningGateway) => {
      const form = new FormData();
      form.set("file", new File([bytes], "data.gz", { type: "application/gzip" }));
      return call(gateway, "/api/uploads", { as: artist(), method: "POST", body: form });
    };
    const answers = await Promise.all([upload(gateways.a), upload(gateways.b)]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 201], "one stored it, the other found it stored");
    const [first, second] = (await Promise.all(answers.map((r) => r.json()))) as UploadAnswer[];
    assert.equal(first.cid, second.cid);
    const rows = await sql.query(
      "SELECT count(*)::int AS n FROM content_index WHERE shelf = 'originals' AND cid = $1",
      [first.cid],
    );
    assert.equal(rows.rows[0].n, 1);
    const shelf = path.join(workDir, "data", "originals");
    assert.deepEqual((await readdir(shelf)).filter((f) => f.startsWith(first.cid)).sort(), [
      first.cid,
      `${first.cid}.json`,
    ]);
    const onDisk = `0x${createHash("sha256")
      .update(await readFile(path.join(shelf, first.cid)))
      .digest("hex")}`;
    assert.equal(onDisk, first.sha256, "whole, not torn");

    // The work is registered with metered terms, and the AI company licenses it and lets the meter charge it.
    const metered = terms(chain, {
      transferable: false,
      duration: 0,
      upfrontFee: 0n,
      pricePerUnit: PRICE,
      maxUnpaidUnits: 10n,
      legalTextURI: "urn:ipnft:terms:two-gateways:v1",
    });
    termsId = await registerTerms(chain, artist(), metered);
    const content = { contentHash: first.sha256, contentCid: first.cidBytes, metadataCid: first.cidBytes };
    ipId = (await register(chain, artist(), { content: { ...content, metadataHash: zeroHash }, termsIds: [termsId] }))
      .ipId;
    await fundSuperToken(chain, aiCompany());
    await approveSuperToken(chain, aiCompany(), chain.deployment.contracts.UsageMeter!);
    licenseId = (await buyLicense(chain, aiCompany(), ipId, termsId)).licenseId;
  });

  it("counts usage served by both in one ledger, and settles receipts handed to both exactly once", async () => {
    await download(gateways.a);
    await download(gateways.b);
    await download(gateways.a);
    await download(gateways.b);
    // A download is recorded when its last byte has left, after the client has the body: give the last record the
    // moment it takes to land, then A must see all four, B's two included.
    await waitFor("four downloads in the ledger", async () => (await usageRow(gateways.a))?.files === 4, 15_000).catch(
      () => undefined,
    );
    const row = await usageRow(gateways.a);
    assert.deepEqual([row?.files, row?.units], [4, "4"], "A sees what B served");
    const before = await balance();

    const two = await signedReceipt(2n);
    const four = await signedReceipt(4n);
    const results = async (r: Response) =>
      ((await r.json()) as OnWire<ReceiptResults>).results[0] as { accepted: boolean; error?: string };
    assert.equal((await results(await submit(gateways.a, two))).accepted, true);
    assert.equal((await results(await submit(gateways.b, four))).accepted, true);
    // Each gateway refuses what the other already holds: one queue.
    assert.equal((await results(await submit(gateways.a, four))).error, "receipt_not_newer");
    assert.equal((await results(await submit(gateways.b, two))).error, "receipt_not_newer");

    await settledTo(4n);
    const { reported, skipped, paid } = await events();
    assert.ok(reported.length >= 1 && reported.at(-1) === 4n, `reported ${reported}`);
    assert.equal(new Set(reported).size, reported.length, "no cumulative reported twice");
    assert.deepEqual(skipped, [], "nothing was sent a second time");
    assert.equal(paid.units, 4n);
    assert.equal(before - (await balance()), paid.amount, "the licensee paid what the meter collected, to the wei");
    assert.deepEqual(
      await usageOf(chain.publicClient as never, chain.deployment, licenseId, aiCompany().account.address),
      {
        reported: 4n,
        paid: 4n,
      },
    );
  });

  it("loses nothing and pays nothing twice when the settling gateway is SIGKILLed between sending and recording", async () => {
    await download(gateways.a);
    await download(gateways.b);
    await download(gateways.a);
    const before = await balance();
    const eventsBefore = await events();
    // Transactions now wait for the next one-second block, so the settler is caught with its transaction in flight.
    await chain.publicClient.request({ method: "evm_setAutomine", params: [false] } as never);
    try {
      assert.equal((await submit(gateways.a, await signedReceipt(7n))).status, 200);
      let inFlight: Awaited<ReturnType<typeof queueRow>>;
      await waitFor(
        "a settlement transaction in flight",
        async () => {
          const r = await queueRow();
          inFlight = r?.pending_tx && r.settled_units === "4" ? r : undefined;
          return Boolean(inFlight);
        },
        60_000,
      );
      const pid = Number(inFlight!.claimed_by?.split(":")[1]);
      const victim = Object.values(gateways).find((g) => g.pid === pid);
      assert.ok(victim, `the settler ${inFlight!.claimed_by} is one of the two gateways`);
      process.kill(-pid, "SIGKILL");
      console.log(`SIGKILLed gateway ${victim.name} (pid ${pid}) with ${inFlight!.pending_tx} sent, not recorded`);

      // The survivor takes over the lock, waits for the dead settler's transaction and records it: no resend.
      await settledTo(7n);
      gateways[victim.name as "a" | "b"] = await startGateway(victim.name as "a" | "b");
    } finally {
      await chain.publicClient.request({ method: "evm_setAutomine", params: [true] } as never);
    }
    const row = await queueRow();
    const after = await events();
    assert.deepEqual(after.reported.slice(eventsBefore.reported.length), [7n], "7 reported once");
    assert.deepEqual(after.skipped, [], "the receipt was not sent again");
    assert.equal(after.paid.units - eventsBefore.paid.units, 3n);
    assert.equal(before - (await balance()), after.paid.amount - eventsBefore.paid.amount, "paid once, to the wei");
    assert.ok(row?.settled_tx, "the settled row names the dead settler's transaction");
    // Nothing lost: the restarted gateway sees all usage and the settled receipt.
    for (const gateway of Object.values(gateways)) {
      const usage = await usageRow(gateway);
      assert.deepEqual([usage?.units, usage?.signedUnits, usage?.settledUnits], ["7", "7", "7"]);
    }
  });

  it("answers 503 database_unavailable while PostgreSQL is down, and loses no receipt", async () => {
    await download(gateways.b);
    const eight = await signedReceipt(8n);
    postgres.halt();
    try {
      const refused = await submit(gateways.a, eight);
      assert.equal(refused.status, 503);
      assert.equal(((await refused.json()) as ErrorBody).error, "database_unavailable");
      const usage = await call(gateways.b, "/api/usage", { as: aiCompany() });
      assert.equal(usage.status, 503);
      assert.equal(((await usage.json()) as ErrorBody).error, "database_unavailable");
      const nonce = await call(gateways.a, "/api/auth/nonce");
      assert.equal(nonce.status, 503);
    } finally {
      postgres.resume();
    }
    await waitFor("gateway A back", async () => (await call(gateways.a, "/api/usage", { as: aiCompany() })).ok, 60_000);
    // The 503 acknowledged nothing, so the client still holds the receipt: handed in again, it is new to the queue.
    const results = ((await (await submit(gateways.b, eight)).json()) as OnWire<ReceiptResults>).results[0];
    assert.equal(results.accepted, true, JSON.stringify(results));
    await settledTo(8n);
    const { reported, skipped } = await events();
    assert.equal(reported.at(-1), 8n);
    assert.equal(new Set(reported).size, reported.length);
    assert.deepEqual(skipped, []);
    const onChain = await usageOf(
      chain.publicClient as never,
      chain.deployment,
      licenseId,
      aiCompany().account.address,
    );
    assert.deepEqual(onChain, { reported: 8n, paid: 8n });
  });

  it("treats a receipt settled again on chain as a no-op: UsageMeter receipts are cumulative", async () => {
    const body = JSON.parse(await signedReceipt(8n)) as { receipts: Array<{ signature: `0x${string}` }> };
    const before = await balance();
    const again = { licenseId, licensee: aiCompany().account.address, cumulativeUnits: 8n };
    const hash = await chain.wallets[0].writeContract({
      ...settleUsageBatch(chain.deployment, [{ ...again, signature: body.receipts[0].signature }]),
      account: chain.wallets[0].account,
    } as never);
    assert.equal((await chain.publicClient.waitForTransactionReceipt({ hash })).status, "success");
    const { skipped, reported } = await events();
    assert.equal(reported.filter((u) => u === 8n).length, 1);
    assert.deepEqual(
      skipped.map((e) => e.cumulativeUnits),
      [8n],
      "skipped as already reported",
    );
    assert.equal(await balance(), before, "charged nothing");
    const onChain = await usageOf(
      chain.publicClient as never,
      chain.deployment,
      licenseId,
      aiCompany().account.address,
    );
    assert.deepEqual(onChain, { reported: 8n, paid: 8n });
  });
});
