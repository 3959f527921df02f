import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openUsageBook } from "./usage-book";

const alice = "0x00000000000000000000000000000000000000a1";
const meter = "0x00000000000000000000000000000000000000e1";
const fileIn = async () => path.join(await mkdtemp(path.join(tmpdir(), "usage-book-")), "usage-book.json");

describe("the client's usage book", () => {
  it("keeps the files counted and the units signed across runs", async () => {
    const file = await fileIn();
    const first = await openUsageBook(file, { chainId: 31337, usageMeter: meter, account: alice });
    await first.count(7n);
    await first.count(7n);
    await first.markSigned(7n, 2n);
    await first.count(7n);
    const next = await openUsageBook(file, { chainId: 31337, usageMeter: meter, account: alice });
    expect([next.units(7n), next.signed(7n), next.units(8n)]).toEqual([3n, 2n, 0n]);
  });

  it("keeps one book per meter and account, so another meter starts from nothing", async () => {
    const file = await fileIn();
    await (await openUsageBook(file, { chainId: 31337, usageMeter: meter, account: alice })).count(7n);
    const other = "0x00000000000000000000000000000000000000e2";
    expect((await openUsageBook(file, { chainId: 31337, usageMeter: other, account: alice })).units(7n)).toBe(0n);
    expect((await openUsageBook(file, { chainId: 1, usageMeter: meter, account: alice })).units(7n)).toBe(0n);
  });

  it("never lowers the units signed", async () => {
    const book = await openUsageBook(await fileIn(), { chainId: 31337, usageMeter: meter, account: alice });
    await book.markSigned(7n, 5n);
    await book.markSigned(7n, 3n);
    expect(book.signed(7n)).toBe(5n);
  });
});
