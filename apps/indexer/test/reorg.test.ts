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
  while ((await chain.clients.publicClient.getBlockNumber()) <= forkHead + 2n)
    await new Promise((r) => setTimeout(r, 500));
  assert.ok((await chain.clients.publicClient.getBlockNumber()) - forkHead < 30n, "within the finality window");
  await waitForIndexer(chain, indexer.url);
  assert.ok((await indexedBlock(indexer.url)) > forkHead);

  const works = await chainWorks(chain);
  const rows = await db.select().from(schema.work);
  assert.deepEqual(duplicates(rows.map((r) => r.id)), []);
  assert.deepEqual(rows.map((r) => [r.id, r.contentHash]).sort(), works.map((w) => [w.id, w.contentHash]).sort());
  assert.deepEqual(await chainLicenses(chain), []);
  assert.deepEqual(await db.select().from(schema.license), [], "the dropped branch's license is gone");
  const kept1 = rows.find((r) => r.id === kept);
  assert.equal(kept1?.licensesSold, 0);

  const history = await db.select().from(schema.event);
  assert.deepEqual(duplicates(history.map((e) => e.id)), []);
  assert.equal(history.filter((e) => e.name === "IPRegistered").length, works.length);
  assert.equal(history.filter((e) => e.name === "LicensePurchased").length, 0);
  assert.equal((await db.select().from(schema.income)).length, 0, "no income from the dropped license");
});
