import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { imageHashHex } from "@ipnft/gateway/similarity/hash";
import { eq } from "ponder";
import { seedDemo } from "../../../scripts/seed/index";
import * as schema from "../ponder.schema";
import {
  chainLicenses,
  chainShares,
  chainStream,
  chainWorks,
  duplicates,
  indexerDb,
  registerWork,
  removeDir,
  startTestChain,
  startTestIndexer,
  type TestChain,
  waitForIndexer,
} from "./support";

// The demo seed (`npm run dev`'s): every work, license, share holding and stream must show up with the chain's values.
describe("the indexer on the demo seed", () => {
  let chain: TestChain;
  let indexer: Awaited<ReturnType<typeof startTestIndexer>>;
  let db: ReturnType<typeof indexerDb>;

  before(async () => {
    chain = await startTestChain(10110);
    await seedDemo(chain.deployment, { dataDir: chain.dataDir });
    const started = Date.now();
    indexer = await startTestIndexer(chain, 10111, path.join(chain.workDir, "pglite"));
    console.log(`# cold start to /ready with the demo seed: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await waitForIndexer(chain, indexer.url);
    db = indexerDb(indexer.url);
  });

  after(async () => {
    await indexer?.stop();
    await chain?.stop();
    if (chain) removeDir(chain.workDir);
  });

  test("every registered work is a row with the chain's certificate, owner and parents", async () => {
    const truth = await chainWorks(chain);
    const rows = await db.select().from(schema.work);
    assert.ok(truth.length >= 12, `the seed registers at least 12 works, the chain has ${truth.length}`);
    assert.deepEqual(duplicates(rows.map((r) => r.id)), []);
    assert.equal(rows.length, truth.length);
    for (const w of truth) {
      const row = rows.find((r) => r.id === w.id);
      assert.ok(row, `work ${w.id} is indexed`);
      assert.equal(row.creator, w.creator);
      assert.equal(row.owner, w.owner);
      assert.equal(row.contentHash, w.contentHash);
      assert.equal(row.royaltyBps, w.royaltyBps);
      assert.equal(row.registeredAt, w.registeredAt);
      assert.deepEqual(row.parentIds, w.parentIds);
      assert.equal(row.isDerivative, w.parentIds.length > 0);
    }
    assert.ok(
      rows.some((r) => r.isDerivative),
      "the seed's derivative is indexed as one",
    );
  });

  test("works carry their metadata title and tags, searchable in one column", async () => {
    const rows = await db.select().from(schema.work);
    for (const row of rows) {
      assert.ok(row.title, `work ${row.id} has its title from the metadata`);
      assert.ok(row.searchText.includes(row.title.toLowerCase()));
      assert.ok(row.searchText.includes(row.creator));
    }
  });

  test("image works carry the perceptual hash of their original, from their metadata, as the gateway computes it", async () => {
    const rows = (await db.select().from(schema.work)).filter((r) => r.mediaType?.startsWith("image/"));
    assert.ok(rows.length >= 10, "the seed registers images");
    for (const row of rows) {
      const original = new Uint8Array(await readFile(path.join(chain.dataDir, "originals", row.contentCid)));
      assert.match(row.perceptualHash ?? "", /^[0-9a-f]{16}$/, `work ${row.id} has a perceptual hash`);
      assert.equal(row.perceptualHash, await imageHashHex(original), `work ${row.id}'s hash is its original's`);
    }
  });

  test("every license sold is a row with its IP, terms, fee and current holder", async () => {
    const truth = await chainLicenses(chain);
    const rows = await db.select().from(schema.license);
    assert.ok(truth.length > 0, "the seed sells licenses");
    assert.equal(rows.length, truth.length);
    for (const l of truth) {
      const row = rows.find((r) => r.id === l.id);
      assert.ok(row, `license ${l.id} is indexed`);
      assert.equal(row.ipId, l.ipId);
      assert.equal(row.termsId, l.termsId);
      assert.equal(row.holder, l.holder);
      assert.equal(row.fee, l.fee);
    }
    const works = await db.select().from(schema.work);
    const offers = await db.select().from(schema.offer);
    for (const w of works) {
      const sold = truth.filter((l) => l.ipId === w.id).length;
      assert.equal(w.licensesSold, sold, `work ${w.id} counts its licenses sold`);
      assert.equal(
        offers.filter((o) => o.ipId === w.id).reduce((n, o) => n + o.sold, 0),
        sold,
      );
    }
  });

  test("every share holding matches the token's balance on chain, and the supply adds up", async () => {
    const tokens = await db.select().from(schema.shareToken);
    const holdings = await db.select().from(schema.shareHolding);
    assert.ok(tokens.length > 0, "the seed enables shares");
    for (const t of tokens) {
      const mine = holdings.filter((h) => h.shareToken === t.id);
      const truth = await chainShares(
        chain,
        t.ipId,
        mine.map((h) => h.holder),
      );
      assert.ok(truth, `IP ${t.ipId} has shares on chain`);
      assert.equal(t.id, truth.token);
      assert.equal(t.totalSupply, truth.totalSupply);
      assert.equal(
        mine.reduce((n, h) => n + h.balance, 0n),
        truth.totalSupply,
        `IP ${t.ipId}'s holdings add up`,
      );
      for (const h of mine) assert.equal(h.balance, truth.balances.get(h.holder), `${h.holder} of IP ${t.ipId}`);
      assert.equal(t.holderCount, mine.filter((h) => h.balance > 0n).length);
      assert.deepEqual([...t.holders].sort(), mine.map((h) => h.holder).sort(), "the token lists its pool's members");
    }
  });

  test("every stream has the licensee's flow rate on chain, and each pool its total rate", async () => {
    const streams = await db.select().from(schema.stream);
    assert.ok(streams.length > 0, "the seed opens a stream");
    const tokens = await db.select().from(schema.shareToken);
    for (const s of streams) {
      const truth = await chainStream(chain, s.ipId, s.distributor);
      assert.equal(s.flowRate, truth.flowRate, `stream of ${s.distributor} into IP ${s.ipId}`);
      assert.equal(tokens.find((t) => t.ipId === s.ipId)?.poolFlowRate, truth.poolFlowRate);
    }
  });

  test("license fees are income rows of their IP and its creator", async () => {
    const licenses = await chainLicenses(chain);
    const income = await db.select().from(schema.income);
    const fees = income.filter((i) => i.kind === "licenseFee");
    assert.equal(fees.length, licenses.length);
    assert.equal(
      fees.reduce((n, i) => n + i.amount, 0n),
      licenses.reduce((n, l) => n + l.fee, 0n),
    );
    const history = await db.select().from(schema.event);
    assert.equal(history.filter((e) => e.name === "LicensePurchased").length, licenses.length);
  });

  test("a work registered now is queryable within seconds of its receipt", async () => {
    const ipId = await registerWork(chain, chain.accounts[1], "fresh work");
    const receiptAt = Date.now();
    const deadline = receiptAt + 10_000;
    let found = false;
    for (let i = 0; !found && Date.now() < deadline; i++) {
      // a new query string each time: Ponder's /sql cache must not answer for us
      const rows = await db
        .select()
        .from(schema.work)
        .where(eq(schema.work.id, ipId))
        .limit(1 + i);
      found = rows.length === 1;
      if (!found) await new Promise((r) => setTimeout(r, 50));
    }
    console.log(`# new work visible ${Date.now() - receiptAt} ms after its receipt`);
    assert.ok(found, "the new work appears within 10 s");
  });

  test("/progress says how far the indexer is behind the chain's head", async () => {
    const head = await chain.clients.publicClient.getBlockNumber();
    await waitForIndexer(chain, indexer.url);
    const progress = (await (await fetch(`${indexer.url}/progress`)).json()) as {
      ready: boolean;
      indexedBlock: number;
      headBlock: number;
    };
    assert.equal(progress.ready, true);
    assert.ok(progress.indexedBlock >= Number(head), `indexed ${progress.indexedBlock}, head was ${head}`);
    assert.ok(progress.headBlock >= progress.indexedBlock);
  });
});
