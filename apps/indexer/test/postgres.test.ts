import assert from "node:assert/strict";
import path from "node:path";
import { after, test } from "node:test";
import { startPostgres } from "../../../packages/gateway/test/support/postgres";
import * as schema from "../ponder.schema";
import {
  buyLicense,
  chainLicenses,
  chainWorks,
  fund,
  indexerDb,
  registerWork,
  removeDir,
  startTestChain,
  startTestIndexer,
  type TestChain,
  waitForIndexer,
} from "./support";

const running: { stop: () => Promise<void> }[] = [];
let chain: TestChain | undefined;
after(async () => {
  for (const r of running.reverse()) await r.stop();
  if (chain) removeDir(chain.workDir);
});

test("with INDEXER_DATABASE_URL the indexer writes to PostgreSQL, under the chain's and code's schema", async () => {
  const postgres = await startPostgres();
  running.push(postgres);
  chain = await startTestChain(10150);
  running.push(chain);
  const [, artist, buyer] = chain.accounts;
  await fund(chain, buyer);
  const ipId = await registerWork(chain, artist, "in postgres");
  await buyLicense(chain, buyer, ipId, 2n, 100n * 10n ** 18n);

  const indexer = await startTestIndexer(chain, 10151, path.join(chain.workDir, "pglite"), postgres.url);
  running.push(indexer);
  assert.equal(indexer.pgliteDir, undefined, "no PGlite directory when PostgreSQL is given");
  await waitForIndexer(chain, indexer.url);
  const db = indexerDb(indexer.url);
  const works = await chainWorks(chain);
  assert.deepEqual(
    (await db.select().from(schema.work)).map((w) => [w.id, w.contentHash, w.licensesSold]),
    works.map((w) => [w.id, w.contentHash, 1]),
  );
  assert.deepEqual(
    (await db.select().from(schema.license)).map((l) => l.id),
    (await chainLicenses(chain)).map((l) => l.id),
  );
});
