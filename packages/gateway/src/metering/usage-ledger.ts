import { and, eq, sql } from "drizzle-orm";
import { type Address, getAddress } from "viem";
import type { LicenseUsage } from "../api";
import type { GatewayDb } from "../db/database";
import { usageRecords, usageReservations, usageTotals } from "../db/schema";

/**
 * Every served file becomes a usage record in the database, summed per license AND account: usage belongs to whoever
 * made the request, so after a license changes hands the former holder neither sees nor signs for the new holder's
 * usage, and the new holder starts from its own. Gateways sharing the database share one ledger: a record is one
 * transaction (the record, the total grown in place by one upsert, the download's reservation released), so no two
 * gateways ever overwrite each other's counts.
 *
 * A metered unit is one file served (the unit `LicenseTerms.pricePerUnit` prices). Range requests
 * count by the bytes they carry: a license's units are ceil(bytes served / file size), so a whole
 * download is exactly one unit and a file fetched in pieces costs what it would whole — no range
 * game makes a download free, and resuming a broken download does not charge twice for what was
 * not received.
 */
export interface UsageRecord {
  account: Address;
  ipId: string;
  licenseId: string;
  cid: string;
  bytes: number;
  fileSize: number;
}

export type { LicenseUsage };

export interface UsageLedger {
  /** The deployment its rows belong to (see deploymentScope): the receipt queue keeps its rows under the same. */
  readonly scope: () => Promise<string>;
  /** Records a served file; `reservation` (the admission's, see Metering.admit) is released in the same step. */
  record(entry: UsageRecord, options?: { reservation?: string }): Promise<void>;
  /** What `account` used under `licenseId`. */
  usage(licenseId: bigint, account: Address): Promise<LicenseUsage | undefined>;
  byAccount(account: Address): Promise<LicenseUsage[]>;
}

const ceilDiv = (a: bigint, b: bigint) => (b === 0n ? 0n : (a + b - 1n) / b);

/** Accounts are kept lower-case: one account, one row, however its address was spelled. */
export const accountKey = (account: Address) => account.toLowerCase();

type TotalsRow = typeof usageTotals.$inferSelect;

function toUsage(row: TotalsRow): LicenseUsage {
  const files = row.files;
  return {
    licenseId: BigInt(row.licenseId),
    account: getAddress(row.account),
    ipId: BigInt(row.ipId),
    servedBytes: row.servedBytes,
    fileSize: row.fileSize,
    files,
    units: row.fileSize === 0n ? BigInt(files) : ceilDiv(row.servedBytes, row.fileSize),
  };
}

export function usageLedger(db: GatewayDb, scope: () => Promise<string>): UsageLedger {
  return {
    scope,
    async record(entry, options = {}) {
      const at = Date.now();
      const account = accountKey(entry.account);
      const deployment = await scope();
      await db.transaction(async (tx) => {
        await tx.insert(usageRecords).values({ ...entry, deployment, account, at });
        await tx
          .insert(usageTotals)
          .values({
            deployment,
            licenseId: entry.licenseId,
            account,
            ipId: entry.ipId,
            servedBytes: BigInt(entry.bytes),
            fileSize: BigInt(entry.fileSize),
            files: 1,
            updatedAt: at,
          })
          .onConflictDoUpdate({
            target: [usageTotals.deployment, usageTotals.licenseId, usageTotals.account],
            set: {
              servedBytes: sql`${usageTotals.servedBytes} + ${entry.bytes}`,
              files: sql`${usageTotals.files} + 1`,
              updatedAt: at,
            },
          });
        if (options.reservation) {
          await tx.delete(usageReservations).where(eq(usageReservations.id, options.reservation));
        }
      });
    },
    async usage(licenseId, account) {
      const [row] = await db
        .select()
        .from(usageTotals)
        .where(
          and(
            eq(usageTotals.deployment, await scope()),
            eq(usageTotals.licenseId, licenseId.toString()),
            eq(usageTotals.account, accountKey(account)),
          ),
        );
      return row && toUsage(row);
    },
    async byAccount(account) {
      const rows = await db
        .select()
        .from(usageTotals)
        .where(and(eq(usageTotals.deployment, await scope()), eq(usageTotals.account, accountKey(account))))
        .orderBy(usageTotals.licenseId);
      return rows.map(toUsage);
    },
  };
}
