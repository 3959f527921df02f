import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Address } from "viem";

/**
 * The client's own account of its metered usage: per license, the files the gateway served it and the cumulative
 * units of the last receipt it signed. A gateway that asks for a receipt for any other number is refused, so the
 * book is kept on disk across runs, one book per (chain, UsageMeter, account) in one JSON file.
 */
export interface UsageBook {
  /** Files served under a license so far, by this client's count. */
  units(licenseId: bigint): bigint;
  /** Cumulative units of the last receipt the gateway accepted. */
  signed(licenseId: bigint): bigint;
  /** One more file served under a license. */
  count(licenseId: bigint): Promise<void>;
  /** The gateway kept a receipt for `cumulativeUnits`. */
  markSigned(licenseId: bigint, cumulativeUnits: bigint): Promise<void>;
  readonly file: string;
}

interface Entry {
  units: string;
  signed: string;
}
type Books = Record<string, Record<string, Entry>>;

export async function openUsageBook(
  file: string,
  owner: { chainId: number; usageMeter?: Address; account: Address },
): Promise<UsageBook> {
  const key = `${owner.chainId}/${(owner.usageMeter ?? "no-meter").toLowerCase()}/${owner.account.toLowerCase()}`;
  let books: Books = {};
  try {
    books = JSON.parse(await readFile(file, "utf8")) as Books;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new Error(
        `The usage book ${file} is unreadable (${(error as Error).message}); it is the client's own record.`,
      );
    }
  }
  const book = books[key] ?? {};
  books[key] = book;
  const entry = (licenseId: bigint): Entry => book[licenseId.toString()] ?? { units: "0", signed: "0" };

  async function save() {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(`${file}.tmp`, `${JSON.stringify(books, null, 2)}\n`);
    await rename(`${file}.tmp`, file);
  }

  return {
    file,
    units: (licenseId) => BigInt(entry(licenseId).units),
    signed: (licenseId) => BigInt(entry(licenseId).signed),
    async count(licenseId) {
      const e = entry(licenseId);
      book[licenseId.toString()] = { ...e, units: (BigInt(e.units) + 1n).toString() };
      await save();
    },
    async markSigned(licenseId, cumulativeUnits) {
      const e = entry(licenseId);
      if (cumulativeUnits <= BigInt(e.signed)) return;
      book[licenseId.toString()] = { ...e, signed: cumulativeUnits.toString() };
      await save();
    },
  };
}
