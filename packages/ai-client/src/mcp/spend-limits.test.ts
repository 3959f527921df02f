import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openSpendLedger } from "./spend-limits";

const limits = { perCall: 50n, perDay: 100n, total: 150n };
const fresh = async () => path.join(await mkdtemp(path.join(tmpdir(), "spend-")), "ledger.json");

describe("the agent's spend ledger", () => {
  it("refuses an amount over the per-call limit", async () => {
    const ledger = await openSpendLedger(await fresh(), limits);
    const r = await ledger.reserve(51n, "a license");
    expect(r).toEqual({
      ok: false,
      reason: "Refused, nothing spent: a license costs 51, which passes the per-call limit of 50.",
    });
  });

  it("keeps the day's spend across a restart, and starts a new day afresh but not a new total", async () => {
    const file = await fresh();
    let now = new Date("2026-11-30T10:00:00Z");
    const first = await openSpendLedger(file, limits, () => now);
    for (const _ of [1, 2]) {
      const r = await first.reserve(50n, "a file");
      if (!r.ok) throw new Error(r.reason);
      await r.commit(50n);
    }
    const reopened = await openSpendLedger(file, limits, () => now);
    expect(await reopened.reserve(1n, "a file")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/today's limit/),
    });
    now = new Date("2026-12-01T00:00:01Z");
    expect(await reopened.reserve(50n, "a file")).toMatchObject({ ok: true });
    expect(await reopened.reserve(1n, "a file")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/total limit/),
    });
  });

  it("lets only as many of many simultaneous payments through as the limit allows", async () => {
    const ledger = await openSpendLedger(await fresh(), limits);
    const results = await Promise.all(Array.from({ length: 10 }, () => ledger.reserve(30n, "a file")));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect((await ledger.spent()).today).toBe(90n);
  });

  it("gives a failed payment's reservation back", async () => {
    const ledger = await openSpendLedger(await fresh(), limits);
    const r = await ledger.reserve(50n, "a license");
    if (!r.ok) throw new Error(r.reason);
    await r.release();
    await r.release();
    expect((await ledger.spent()).total).toBe(0n);
  });

  it("refuses to open an unreadable ledger rather than read it as nothing spent", async () => {
    const file = await fresh();
    await writeFile(file, "{not json");
    await expect(openSpendLedger(file, limits)).rejects.toThrow(/unreadable .* refusing to spend/);
  });
});

describe("the agent's spend ledger's refusals", () => {
  it("write amounts in the currency's words when given them", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "spend-words-"));
    const ledger = await openSpendLedger(path.join(dir, "ledger.json"), limits, undefined, (v) => `${v / 10n} tUSDCx`);
    expect(await ledger.reserve(60n, "a license")).toEqual({
      ok: false,
      reason: "Refused, nothing spent: a license costs 6 tUSDCx, which passes the per-call limit of 5 tUSDCx.",
    });
  });
});
