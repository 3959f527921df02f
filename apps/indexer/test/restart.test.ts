import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { iPRegistryAbi } from "@ipnft/protocol/abis";
import * as schema from "../ponder.schema";
import {
  buyLicense,
  chainLicenses,
  chainWorks,
  duplicates,
  fund,
  indexerDb,
  registerWork,
  removeDir,
  startTestChain,
  startTestIndexer,
  type TestChain,
  waitForIndexer,
} from "./support";

let chain: TestChain;
let indexer: Awaited<ReturnType<typeof startTestIndexer>>;
before(async () => {
  chain = await startTestChain(10140);
});
after(async () => {
  await indexer?.stop();
  await chain?.stop();
  if (chain) removeDir(chain.workDir);
});

/** Ponder's process: the child of the launcher's restart loop. */
function ponderPid(loopPid: number): number {
  const children = readFileSync(`/proc/${loopPid}/task/${loopPid}/children`, "utf8").trim().split(/\s+/);
  const pid = Number(children[0]);
  assert.ok(pid > 0, "Ponder runs under the restart loop");
  return pid;
}

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test("Ponder killed mid-way (kill -9) comes back by itself with no duplicate or missing rows", async () => {
  const [, artist, buyer] = chain.accounts;
  await fund(chain, buyer);
  for (let i = 0; i < 4; i++) await registerWork(chain, artist, `before ${i}`);
  indexer = await startTestIndexer(chain, 10141, path.join(chain.workDir, "pglite"));

  // events keep coming while Ponder dies and restarts
  const writing = (async () => {
    for (let i = 0; i < 4; i++) {
      const ipId = await registerWork(chain, artist, `during ${i}`);
      await buyLicense(chain, buyer, ipId, 2n, 100n * 10n ** 18n);
    }
  })();
  const first = ponderPid(indexer.pid);
  process.kill(first, "SIGKILL");
  await waitUntil("Ponder to be restarted", async () => ponderPid(indexer.pid) !== first);
  await writing;
  await waitUntil("the restarted indexer to be ready", async () => (await fetch(`${indexer.url}/ready`)).ok);
  await registerWork(chain, artist, "after");
  await waitForIndexer(chain, indexer.url, 240_000);

  const db = indexerDb(indexer.url);
  const works = await chainWorks(chain);
  const rows = await db.select().from(schema.work);
  assert.equal(works.length, 9);
  assert.deepEqual(duplicates(rows.map((r) => r.id)), []);
  assert.deepEqual(
    rows.map((r) => [r.id, r.contentHash, r.licensesSold]).sort(),
    works.map((w) => [w.id, w.contentHash, w.id > 4n && w.id < 9n ? 1 : 0]).sort(),
  );
  const licenses = await chainLicenses(chain);
  const licenseRows = await db.select().from(schema.license);
  assert.deepEqual(licenseRows.map((l) => l.id).sort(), licenses.map((l) => l.id).sort());

  const transfers = await chain.clients.publicClient.getContractEvents({
    address: chain.deployment.contracts.IPRegistry as `0x${string}`,
    abi: iPRegistryAbi,
    eventName: "Transfer",
    fromBlock: 0n,
  });
  const transferRows = (await db.select().from(schema.transfer)).filter((t) => t.asset === "work");
  assert.equal(transferRows.length, transfers.length);
  const history = await db.select().from(schema.event);
  assert.deepEqual(duplicates(history.map((e) => e.id)), []);
  assert.equal(history.filter((e) => e.name === "IPRegistered").length, works.length);
  assert.equal(history.filter((e) => e.name === "LicensePurchased").length, licenses.length);
});
