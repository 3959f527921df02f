import path from "node:path";
import type { Address } from "viem";
import type { LicenseUsage } from "../api";
import { type Journal, openJournal } from "./journal";

/**
 * Every served file becomes a usage record, kept in an append-only journal and summed per license AND account: usage
 * belongs to whoever made the request, so after a license changes hands the former holder neither sees nor signs
 * for the new holder's usage, and the new holder starts from its own.
 *
 * A metered unit is one file served (the unit `LicenseTerms.pricePerUnit` prices). Range requests
 * count by the bytes they carry: a license's units are ceil(bytes served / file size), so a whole
 * download is exactly one unit and a file fetched in pieces costs what it would whole — no range
 * game makes a download free, and resuming a broken download does not charge twice for what was
 * not received.
 */
export interface UsageRecord {
  /** ms since the epoch */
  at: number;
  account: Address;
  ipId: string;
  licenseId: string;
  cid: string;
  bytes: number;
  fileSize: number;
}

export type { LicenseUsage };

export interface UsageLedger {
  /** The directory its journal lives in (receipts are kept beside it). */
  readonly dir: string;
  record(entry: Omit<UsageRecord, "at">): Promise<void>;
  /** What `account` used under `licenseId`. */
  usage(licenseId: bigint, account: Address): LicenseUsage | undefined;
  byAccount(account: Address): LicenseUsage[];
  close(): Promise<void>;
}

/** One account's usage under one license. */
export const usageKey = (licenseId: bigint, account: Address) => `${licenseId}:${account.toLowerCase()}`;

const ceilDiv = (a: bigint, b: bigint) => (b === 0n ? 0n : (a + b - 1n) / b);

export async function openUsageLedger(dir: string): Promise<UsageLedger> {
  const journal: Journal<UsageRecord> = await openJournal(path.join(dir, "served.jsonl"));
  const totals = new Map<string, LicenseUsage>();

  function add(r: UsageRecord): void {
    const licenseId = BigInt(r.licenseId);
    const key = usageKey(licenseId, r.account);
    const t = totals.get(key) ?? {
      licenseId,
      account: r.account,
      ipId: BigInt(r.ipId),
      servedBytes: 0n,
      fileSize: BigInt(r.fileSize),
      files: 0,
      units: 0n,
    };
    t.servedBytes += BigInt(r.bytes);
    t.files += 1;
    t.units = r.fileSize === 0 ? BigInt(t.files) : ceilDiv(t.servedBytes, t.fileSize);
    totals.set(key, t);
  }
  for (const r of journal.entries) add(r);

  return {
    dir,
    async record(entry) {
      const r = { ...entry, at: Date.now() };
      add(r);
      await journal.append(r);
    },
    usage: (licenseId, account) => totals.get(usageKey(licenseId, account)),
    byAccount: (account) => [...totals.values()].filter((t) => t.account.toLowerCase() === account.toLowerCase()),
    close: () => journal.close(),
  };
}
