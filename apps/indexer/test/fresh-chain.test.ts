import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import * as schema from "../ponder.schema";
import {
  chainWorks,
  indexerDb,
  registerWork,
  removeDir,
  startTestChain,
  startTestIndexer,
  type TestChain,
  waitForIndexer,
} from "./support";

// `npm run dev` run twice: a fresh chain at the same chain id, the same addresses and later timestamps. Ponder alone
// would resume from the first chain's rows; the launcher must index the second chain from scratch.
const workDir = mkdtempSync(path.join(tmpdir(), "ipnft-indexer-fresh-"));
const stateDir = path.join(workDir, "pglite");
const running: { stop: () => Promise<void> }[] = [];
after(async () => {
  for (const r of running.reverse()) await r.stop();
  removeDir(workDir);
});

async function indexedChain(label: string, works: number) {
  const chain: TestChain = await startTestChain(10120, workDir);
  running.push(chain);
  const artist = chain.accounts[1];
  for (let i = 0; i < works; i++) await registerWork(chain, artist, `${label} ${i}`);
  const indexer = await startTestIndexer(chain, 10121, stateDir);
  running.push(indexer);
  await waitForIndexer(chain, indexer.url);
  return { chain, indexer };
}

test("a fresh chain at the same chain id and addresses never shows the previous chain's rows", async () => {
  const first = await indexedChain("first chain", 3);
  const firstRows = await indexerDb(first.indexer.url).select().from(schema.work);
  assert.equal(firstRows.length, 3);
  await first.indexer.stop();
  await first.chain.stop();

  const second = await indexedChain("second chain", 1);
  assert.equal(second.chain.deployment.contracts.IPRegistry, first.chain.deployment.contracts.IPRegistry);
  assert.notEqual(second.indexer.schema, first.indexer.schema, "each chain is indexed under its own schema");
  assert.ok(!existsSync(path.join(stateDir, first.indexer.schema)), "the previous chain's database is pruned");

  const rows = await indexerDb(second.indexer.url).select().from(schema.work);
  const truth = await chainWorks(second.chain);
  assert.deepEqual(
    rows.map((r) => r.contentHash),
    truth.map((w) => w.contentHash),
  );
  for (const old of firstRows) {
    assert.ok(!rows.some((r) => r.contentHash === old.contentHash), `the first chain's work ${old.id} is gone`);
  }
});
