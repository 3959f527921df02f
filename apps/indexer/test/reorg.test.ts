import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import * as schema from "../ponder.schema";
import {
  buyLicense,
  chainLicenses,
  chainWorks,
  duplicates,
  fund,
  indexedBlock,
  indexerDb,
  registerWork,
  removeDir,
  startTestChain,
  startTestIndexer,
  type TestChain,
  waitForIndexer,
} from "./support";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let chain: TestChain;
let indexer: Awaited<ReturnType<typeof startTestIndexer>>;
before(async () => {
  chain = await startTestChain(10130);
  indexer = await startTestIndexer(chain, 10131, path.join(chain.workDir, "pglite"));
});
after(async () => {
  await indexer?.stop();
  await chain?.stop();
  if (chain) removeDir(chain.workDir);
});

const rpc = (method: string, params: unknown[] = []) =>
  chain.clients.publicClient.request({ method, params } as never) as Promise<unknown>;

// Blocks replaced within the 30-block finality window: the rows of the dropped blocks must go, the new ones come.
test("a reorg leaves exactly the new branch's works, licenses and history, without duplicates", async () => {
  const [, artist, buyer] = chain.accounts;
  await fund(chain, buyer);
  const kept = await registerWork(chain, artist, "before the fork");
  await waitForIndexer(chain, indexer.url);

  const snapshot = await rpc("evm_snapshot");
  const dropped = await registerWork(chain, artist, "dropped branch");
  await buyLicense(chain, buyer, kept, 2n, 100n * 10n ** 18n);
  await waitForIndexer(chain, indexer.url);
  const db = indexerDb(indexer.url);
  const droppedRow = await db.select().from(schema.work);
  assert.equal(droppedRow.length, 2, "the dropped branch was indexed before the reorg");
  assert.equal((await db.select().from(schema.license)).length, 1);
  const forkHead = await chain.clients.publicClient.getBlockNumber();

  assert.equal(await rpc("evm_revert", [snapshot]), true);
  const replaced = await registerWork(chain, artist, "new branch, first");
  assert.equal(replaced, dropped, "the new branch reuses the dropped IP id");
  await registerWork(chain, artist, "new branch, second");
  // the new branch outgrows the old one (a block a second), so Ponder sees it as the canonical chain
  while ((await chain.clients.publicClient.getBlockNumber()) <= forkHead + 2n) await sleep(500);
  assert.ok((await chain.clients.publicClient.getBlockNumber()) - forkHead < 30n, "within the finality window");
  await waitForIndexer(chain, indexer.url);
  assert.ok((await indexedBlock(indexer.url)) > forkHead);

  // Ponder finds the fork when it polls a block whose parent it does not know: wait (bounded) for the new branch.
  // Queries after the reorg are written differently from those before it (ordered), so that each is answered from
  // the database, not from the /sql server's cache of an earlier answer.
  const works = await chainWorks(chain);
  const newBranch = works.map((w) => `${w.id}:${w.contentHash}`).sort();
  const indexedWorks = async () =>
    (await db.select().from(schema.work).orderBy(schema.work.id)).map((r) => `${r.id}:${r.contentHash}`).sort();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && JSON.stringify(await indexedWorks()) !== JSON.stringify(newBranch)) await sleep(500);
  await waitForIndexer(chain, indexer.url);

  const rows = await db.select().from(schema.work).orderBy(schema.work.id);
  assert.deepEqual(duplicates(rows.map((r) => r.id)), []);
  assert.deepEqual(rows.map((r) => `${r.id}:${r.contentHash}`).sort(), newBranch);
  assert.deepEqual(await chainLicenses(chain), []);
  assert.deepEqual(
    await db.select().from(schema.license).orderBy(schema.license.id),
    [],
    "the dropped branch's license is gone",
  );
  assert.equal(rows.find((r) => r.id === kept)?.licensesSold, 0);

  const history = await db.select().from(schema.event).orderBy(schema.event.id);
  assert.deepEqual(duplicates(history.map((e) => e.id)), []);
  assert.equal(history.filter((e) => e.name === "IPRegistered").length, works.length);
  assert.equal(history.filter((e) => e.name === "LicensePurchased").length, 0);
  const income = await db.select().from(schema.income).orderBy(schema.income.id);
  assert.equal(income.length, 0, "no income from the dropped license");
  const repeated = await db.select().from(schema.license);
  console.log(`# the pre-reorg query of licenses, repeated after the reorg, answers ${repeated.length} row(s)`);
});
