import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../db/database";
import { freshPgliteDir } from "../db/test-dirs";
import { receiptQueue } from "./receipt-queue";
import { usageLedger } from "./usage-ledger";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});
async function open() {
  const { dir, cleanup } = await freshPgliteDir();
  const database = await openDatabase({ dir });
  cleanups.push(async () => {
    await database.close();
    await cleanup();
  });
  return database;
}

const account = "0x00000000000000000000000000000000000000aA" as const;
const signature = "0x1234";
const scope = async () => "31337:0xmeter:0xblock-a";

// PGlite's first start on a busy machine takes a while.
describe("the receipt queue and the usage ledger in the database", { timeout: 120_000 }, () => {
  it("keeps the highest cumulative receipt whatever order they arrive in, and refuses an older or equal one", async () => {
    const { db } = await open();
    const queue = receiptQueue(db, scope);
    const offer = (units: bigint) => queue.offer({ licenseId: 7n, account, cumulativeUnits: units, signature });
    expect(await offer(3n)).toBe(true);
    expect(await offer(2n)).toBe(false);
    expect(await offer(3n)).toBe(false);
    expect(await offer(5n)).toBe(true);
    const racing = await Promise.all([9n, 6n, 8n, 10n, 7n].map(offer));
    expect(racing[3]).toBe(true); // 10 is newer than anything held, whenever it ran
    expect(await queue.held(7n, account)).toEqual({ signed: 10n, settled: 0n });
    expect(await queue.held(7n, account.toLowerCase() as `0x${string}`)).toEqual({ signed: 10n, settled: 0n });
  });

  it("settles units only upward and keeps the transaction that settled them", async () => {
    const { db } = await open();
    const queue = receiptQueue(db, scope);
    await queue.offer({ licenseId: 1n, account, cumulativeUnits: 4n, signature });
    const [due] = await queue.due(32);
    await queue.settled(due, "0xabc");
    await queue.settled({ ...due, cumulativeUnits: 2n }, "0xdef"); // an older settlement recorded late
    expect(await queue.held(1n, account)).toEqual({ signed: 4n, settled: 4n });
    expect(await queue.due(32)).toEqual([]);
  });

  it("admits at most the bound of racing downloads, and a recorded download releases its reservation", async () => {
    const { db } = await open();
    const queue = receiptQueue(db, scope);
    const ledger = usageLedger(db, scope);
    const bound = 3n;
    const admit = () =>
      queue.reserve(2n, account, ({ used, signed, reserved }) => ({ ok: used - signed + reserved < bound }));
    const verdicts = await Promise.all(Array.from({ length: 8 }, admit));
    const admitted = verdicts.filter((v) => v.ok);
    expect(admitted).toHaveLength(3);
    // One download is recorded (its reservation goes with it), one fails before any byte (given back).
    const entry = { account, ipId: "1", licenseId: "2", cid: "bafy", bytes: 100, fileSize: 100 };
    await ledger.record(entry, { reservation: admitted[0].reservation });
    await queue.release(admitted[1].reservation!);
    expect((await ledger.usage(2n, account))?.units).toBe(1n);
    // used 1 + 1 still reserved: one more fits, then none.
    expect((await admit()).ok).toBe(true);
    expect((await admit()).ok).toBe(false);
  });

  it("sums ranges into whole units per license and account", async () => {
    const { db } = await open();
    const ledger = usageLedger(db, scope);
    const served = { account, ipId: "1", licenseId: "3", cid: "bafy", fileSize: 1000 };
    await Promise.all([400, 400, 400].map((bytes) => ledger.record({ ...served, bytes })));
    const usage = await ledger.usage(3n, account);
    expect([usage?.files, usage?.servedBytes, usage?.units]).toEqual([3, 1200n, 2n]);
    expect(await ledger.byAccount(account)).toHaveLength(1);
    expect(await ledger.usage(3n, "0x00000000000000000000000000000000000000bb")).toBeUndefined();
  });

  it("keeps each deployment's usage and receipts apart: a fresh chain inherits none of the old one's", async () => {
    const { db } = await open();
    const fresh = async () => "31337:0xmeter:0xblock-b"; // same chain id and address, another chain's block hash
    await usageLedger(db, scope).record({ account, ipId: "1", licenseId: "1", cid: "bafy", bytes: 10, fileSize: 10 });
    await receiptQueue(db, scope).offer({ licenseId: 1n, account, cumulativeUnits: 1n, signature });
    expect(await usageLedger(db, fresh).usage(1n, account)).toBeUndefined();
    expect(await receiptQueue(db, fresh).due(32)).toEqual([]);
    expect(await receiptQueue(db, fresh).offer({ licenseId: 1n, account, cumulativeUnits: 1n, signature })).toBe(true);
    expect(await receiptQueue(db, scope).held(1n, account)).toEqual({ signed: 1n, settled: 0n });
  });
});
