import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./database";
import { createGatewayState } from "./state";
import { freshPgliteDir } from "./test-dirs";

const cleanups: Array<() => Promise<void>> = [];
async function freshDir() {
  const { dir, cleanup } = await freshPgliteDir();
  cleanups.push(cleanup);
  return dir;
}
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

// PGlite's first start on a busy machine takes a while.
describe("gateway state in PGlite", { timeout: 120_000 }, () => {
  it("accepts a nonce once, and still refuses it after the database is closed and reopened", async () => {
    const dir = await freshDir();
    const first = await openDatabase({ dir });
    const state = createGatewayState(first.db);
    expect(await state.useNonce("0xabc:0x01", Date.now() + 60_000)).toBe(true);
    expect(await state.useNonce("0xabc:0x01", Date.now() + 60_000)).toBe(false);
    await first.close();
    const second = await openDatabase({ dir });
    expect(await createGatewayState(second.db).useNonce("0xabc:0x01", Date.now() + 60_000)).toBe(false);
    await second.close();
  });

  it("shares one open database between opens of the same directory", async () => {
    const dir = await freshDir();
    const a = await openDatabase({ dir });
    const b = await openDatabase({ dir });
    expect(a.db).toBe(b.db);
    await a.close();
    // b still works after a closed: the instance is counted, not closed under it
    expect(await createGatewayState(b.db).useNonce("k", Date.now() + 1000)).toBe(true);
    await b.close();
  });

  it("spends a SIWE nonce once and refuses an expired one", async () => {
    const { db, close } = await openDatabase({ dir: await freshDir() });
    const state = createGatewayState(db);
    await state.issueSiweNonce("n1", Date.now() + 60_000);
    await state.issueSiweNonce("old", Date.now() - 1);
    expect(await state.takeSiweNonce("n1", Date.now())).toBe(true);
    expect(await state.takeSiweNonce("n1", Date.now())).toBe(false);
    expect(await state.takeSiweNonce("old", Date.now())).toBe(false);
    await close();
  });

  it("counts requests per window and keeps a day's upload bytes within the limit, even when uploads race", async () => {
    const { db, close } = await openDatabase({ dir: await freshDir() });
    const state = createGatewayState(db);
    const now = 1_000_000;
    expect((await state.hit("upload:a", 60_000, now)).count).toBe(1);
    expect((await state.hit("upload:a", 60_000, now + 1)).count).toBe(2);
    expect((await state.hit("upload:a", 60_000, now + 60_000)).count).toBe(1);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => state.addUploadBytes("a", "2026-01-01", 300, 1000)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect((await state.addUploadBytes("b", "2026-01-01", 5000, 1000)).ok).toBe(false);
    expect((await state.addUploadBytes("b", "2026-01-01", 900, 1000)).ok).toBe(true);
    await close();
  });
});
