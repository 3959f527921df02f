import path from "node:path";
import type { Deployment } from "@ipnft/protocol/deployment";
import { settleUsageBatch, usageReceiptTypedData } from "@ipnft/protocol/verbs/usage";
import type { WorkReader } from "@ipnft/protocol/works";
import {
  type Address,
  getAddress,
  type Hex,
  isHex,
  type PublicClient,
  recoverTypedDataAddress,
  type WalletClient,
} from "viem";
import type { ErrorBody, MeteredUsage, ReceiptResult, ReceiptResults, UsageReceiptRequired, UsageRow } from "../api";
import { isCanonicalSignature } from "../auth/recover";
import { errorResponse, jsonResponse } from "../http";
import { openJournal } from "./journal";
import { meteredTermsReader } from "./metered-terms";
import type { Metering } from "./metering";
import { type UsageLedger, usageKey } from "./usage-ledger";

/**
 * Usage receipts: the licensee's signed word for how many metered units (files) it has used under a
 * license, cumulative, so a newer receipt supersedes every older one and replaying one changes nothing.
 *
 * Flow: each served file adds to the license's units (usage-ledger.ts); GET /api/usage hands the client
 * the receipt to sign for its current total; POST /api/usage/receipts brings the signature back; the
 * gateway keeps the latest receipt per license in a flushed journal until it is settled on chain, so a
 * restart loses nothing. Past `maxUnpaidUnits` of the terms (or the gateway's own bound) of served but
 * unsigned usage, downloads under that license answer 402 until the client signs.
 */

interface ReceiptEntry {
  kind: "signed";
  licenseId: string;
  account: Address;
  cumulativeUnits: string;
  signature: Hex;
  at: number;
}
interface SettledEntry {
  kind: "settled";
  licenseId: string;
  /** The licensee whose receipt was settled (absent in entries written before usage was kept per account). */
  account?: Address;
  cumulativeUnits: string;
  txHash: Hex;
  at: number;
}

/** Receipts per settlement transaction: UsageMeter.MAX_BATCH. */
export const SETTLEMENT_BATCH = 32;

export { DEFAULT_MAX_UNSIGNED_UNITS } from "./metered-terms";

export interface SettlementTarget {
  /** The contract receipts are signed for and settled with. */
  address: Address;
  /** Sends the batch on chain; absent until a settling contract is deployed. */
  settle?: (
    receipts: Array<{ licenseId: bigint; licensee: Address; cumulativeUnits: bigint; signature: Hex }>,
  ) => Promise<Hex>;
}

export async function openUsageReceipts(options: {
  dir: string;
  chainId: number;
  target: SettlementTarget;
  client: PublicClient;
  licenseToken: Address;
  ledger: UsageLedger;
  reader: WorkReader;
}): Promise<
  Metering & {
    signedUnits(licenseId: bigint, account: Address): bigint;
    settledUnits(licenseId: bigint, account: Address): bigint;
  }
> {
  const { chainId, target, ledger, client, licenseToken, reader } = options;
  const journal = await openJournal<ReceiptEntry | SettledEntry>(path.join(options.dir, "receipts.jsonl"), {
    durable: true,
  });
  // Receipts and settlements per license AND licensee: usage belongs to the account that made the requests.
  const latest = new Map<string, ReceiptEntry>();
  const settled = new Map<string, bigint>();
  for (const entry of journal.entries) {
    if (!entry.account) continue; // settled before usage was kept per account: nothing to match it with
    const key = usageKey(BigInt(entry.licenseId), entry.account);
    if (entry.kind === "signed" && BigInt(entry.cumulativeUnits) > BigInt(latest.get(key)?.cumulativeUnits ?? -1))
      latest.set(key, entry);
    if (entry.kind === "settled" && BigInt(entry.cumulativeUnits) > (settled.get(key) ?? 0n))
      settled.set(key, BigInt(entry.cumulativeUnits));
  }
  let settling: Promise<void> = Promise.resolve();
  const signedUnits = (licenseId: bigint, account: Address) =>
    BigInt(latest.get(usageKey(licenseId, account))?.cumulativeUnits ?? 0);
  const settledUnits = (licenseId: bigint, account: Address) => settled.get(usageKey(licenseId, account)) ?? 0n;
  /** Downloads admitted and not yet in the ledger, per license and account: each holds one unit of the bound. */
  const inFlight = new Map<string, number>();

  const { pricingOf, unpaidOnChain } = meteredTermsReader({ client, licenseToken, meter: target.address, reader });

  function receiptToSign(licenseId: bigint, units: bigint, licensee: Address) {
    // The protocol's typed data, in the domain of the meter these receipts are settled with: the receipt names the
    // account that used the files, so it is charged to that account and never to a later holder of the license.
    return usageReceiptTypedData(
      { chainId, contracts: { UsageMeter: target.address } },
      { licenseId, licensee, cumulativeUnits: units },
    );
  }

  const metering: Metering & {
    signedUnits(licenseId: bigint, account: Address): bigint;
    settledUnits(licenseId: bigint, account: Address): bigint;
  } = {
    signedUnits,
    settledUnits,

    async admit(licenseId, account) {
      const p = await pricingOf(licenseId);
      if (p.pricePerUnit === 0n) return { ok: true, release: () => {} };
      const key = usageKey(licenseId, account);
      let chainUnpaid = await unpaidOnChain(licenseId, account);
      /**
       * Synchronous from reading to reserving, so no other download can slip in between (one process runs one
       * piece of JavaScript at a time): the chain's unpaid units, plus what this gateway served and has not settled,
       * plus the downloads already admitted, must stay under the terms' bound, and so must the unsigned usage.
       */
      const tryReserve = () => {
        const used = ledger.usage(licenseId, account)?.units ?? 0n;
        const reserved = BigInt(inFlight.get(key) ?? 0);
        const unpaid = chainUnpaid + (used - settledUnits(licenseId, account)) + reserved;
        const unsigned = used - signedUnits(licenseId, account) + reserved;
        if (unpaid >= p.bound || unsigned >= p.bound) return { used, unpaid, unsigned, reserved: false as const };
        inFlight.set(key, Number(reserved) + 1);
        return { used, unpaid, unsigned, reserved: true as const };
      };
      let attempt = tryReserve();
      if (
        !attempt.reserved &&
        attempt.unsigned < p.bound &&
        signedUnits(licenseId, account) > settledUnits(licenseId, account)
      ) {
        // Everything served is signed, only not settled yet: settle now (the licensee pays) and look again.
        await metering.settle().catch((error: Error) => console.error("gateway: settlement failed:", error.message));
        chainUnpaid = await unpaidOnChain(licenseId, account);
        attempt = tryReserve();
      }
      if (attempt.reserved) {
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          const left = (inFlight.get(key) ?? 1) - 1;
          if (left > 0) inFlight.set(key, left);
          else inFlight.delete(key);
        };
        return { ok: true, release };
      }
      const { used } = attempt;
      const reason = `${account} has ${attempt.unpaid} units under license ${licenseId} served but not paid (the terms allow ${p.bound}); sign the receipt for ${used} files (POST /api/usage/receipts) and pay what is owed to continue.`;
      const refusal: Omit<UsageReceiptRequired, keyof ErrorBody> = {
        licenseId,
        cumulativeUnits: used,
        signedUnits: signedUnits(licenseId, account),
        receipt: receiptToSign(licenseId, used, account),
      };
      return { ok: false, response: errorResponse(402, "usage_receipt_required", reason, { ...refusal }) };
    },

    async statusResponse(account) {
      const rows = await Promise.all(
        ledger.byAccount(account).map(async (u): Promise<UsageRow> => {
          const p = await pricingOf(u.licenseId);
          const signed = signedUnits(u.licenseId, account);
          return {
            licenseId: u.licenseId,
            ipId: u.ipId,
            files: u.files,
            servedBytes: u.servedBytes,
            units: u.units,
            signedUnits: signed,
            settledUnits: settledUnits(u.licenseId, account),
            pricePerUnit: p.pricePerUnit,
            metered: p.pricePerUnit > 0n,
            owed: (u.units - settledUnits(u.licenseId, account)) * p.pricePerUnit,
            ...(p.pricePerUnit > 0n && u.units > signed
              ? { receiptToSign: receiptToSign(u.licenseId, u.units, account) }
              : {}),
          };
        }),
      );
      const answer: MeteredUsage = { account, chainId, verifyingContract: target.address, usage: rows };
      return jsonResponse(200, answer);
    },

    async submitResponse(receipts, account) {
      const results: ReceiptResult[] = [];
      for (const item of receipts) {
        const r = (item ?? {}) as { licenseId?: unknown; cumulativeUnits?: unknown; signature?: unknown };
        if (
          typeof r.licenseId !== "string" ||
          !/^[0-9]{1,20}$/.test(r.licenseId) ||
          typeof r.cumulativeUnits !== "string" ||
          !/^[0-9]{1,19}$/.test(r.cumulativeUnits) ||
          BigInt(r.cumulativeUnits) >= 2n ** 64n ||
          typeof r.signature !== "string" ||
          !isHex(r.signature)
        ) {
          results.push({ accepted: false, error: "malformed_receipt" });
          continue;
        }
        const licenseId = BigInt(r.licenseId);
        const units = BigInt(r.cumulativeUnits);
        // Cheap refusals first: no signature is recovered for a license the caller has no usage under.
        const usage = ledger.usage(licenseId, account);
        if (!usage) {
          results.push({
            licenseId,
            accepted: false,
            error: "unknown_usage",
            reason: "The caller has no usage under that license.",
          });
          continue;
        }
        if (!isCanonicalSignature(r.signature)) {
          results.push({
            licenseId,
            accepted: false,
            error: "signature_not_canonical",
            reason: "The receipt's signature is not in canonical (low-s, EIP-2) form.",
          });
          continue;
        }
        const signer = await recoverTypedDataAddress({
          ...receiptToSign(licenseId, units, account),
          signature: r.signature,
        }).catch(() => undefined);
        if (!signer || getAddress(signer) !== account) {
          results.push({
            licenseId,
            accepted: false,
            error: "forged_receipt",
            reason: "The receipt is not signed by the caller.",
          });
          continue;
        }
        if (units > usage.units) {
          // Settling more than was served would overcharge the licensee for files it never received.
          results.push({
            licenseId,
            accepted: false,
            error: "receipt_exceeds_usage",
            reason: `Only ${usage.units} units were served.`,
          });
          continue;
        }
        if (units <= signedUnits(licenseId, account)) {
          results.push({
            licenseId,
            accepted: false,
            error: "receipt_not_newer",
            reason: `A receipt for ${signedUnits(licenseId, account)} units is already held; an older or equal one changes nothing.`,
          });
          continue;
        }
        const entry: ReceiptEntry = {
          kind: "signed",
          licenseId: licenseId.toString(),
          account,
          cumulativeUnits: units.toString(),
          signature: r.signature,
          at: Date.now(),
        };
        await journal.append(entry); // flushed before we answer: an acknowledged receipt survives a crash
        if (units > signedUnits(licenseId, account)) latest.set(usageKey(licenseId, account), entry);
        results.push({ licenseId, accepted: true, cumulativeUnits: units });
      }
      const answer: ReceiptResults = { results };
      return jsonResponse(200, answer);
    },

    async settle() {
      // One settlement at a time: a second caller waits for the first instead of sending the same batch.
      const run = settling.then(async () => {
        const due = [...latest.values()].filter(
          (e) => BigInt(e.cumulativeUnits) > settledUnits(BigInt(e.licenseId), e.account),
        );
        if (due.length === 0 || !target.settle) return { settled: 0 };
        let settledCount = 0;
        let txHash: Hex | undefined;
        for (let i = 0; i < due.length; i += SETTLEMENT_BATCH) {
          const batch = due.slice(i, i + SETTLEMENT_BATCH).map((e) => ({
            licenseId: BigInt(e.licenseId),
            licensee: e.account,
            cumulativeUnits: BigInt(e.cumulativeUnits),
            signature: e.signature,
          }));
          txHash = await target.settle(batch);
          for (const e of batch) {
            await journal.append({
              kind: "settled",
              licenseId: e.licenseId.toString(),
              account: e.licensee,
              cumulativeUnits: e.cumulativeUnits.toString(),
              txHash,
              at: Date.now(),
            });
            if (e.cumulativeUnits > settledUnits(e.licenseId, e.licensee))
              settled.set(usageKey(e.licenseId, e.licensee), e.cumulativeUnits);
          }
          settledCount += batch.length;
        }
        return { settled: settledCount, txHash };
      });
      settling = run.then(
        () => {},
        () => {},
      );
      return run;
    },

    close: () => journal.close(),
  };
  return metering;
}

/**
 * Metering for a deployment: receipts are signed for its `UsageMeter` and settled with `settleBatch`,
 * sent by `settler`, every `settleEveryMs` (and on demand). Settling is idempotent on chain (an older or
 * equal counter is a no-op), so a batch resent after a crash between the transaction and the journal
 * entry costs gas, never money.
 */
export function usageMeteringFor(options: {
  deployment: Deployment;
  client: PublicClient;
  settler?: WalletClient;
  settleEveryMs?: number;
}) {
  const meter = options.deployment.contracts.UsageMeter;
  if (!meter) return undefined;
  const { client, settler } = options;
  const settle = settler?.account
    ? async (batch: Array<{ licenseId: bigint; licensee: Address; cumulativeUnits: bigint; signature: Hex }>) => {
        const hash = await settler.writeContract({
          ...settleUsageBatch(options.deployment, batch),
          account: settler.account!,
          chain: null,
        } as never);
        const receipt = await client.waitForTransactionReceipt({ hash });
        if (receipt.status !== "success") throw new Error(`settlement ${hash} reverted`);
        return hash;
      }
    : undefined;
  return async (ledger: UsageLedger, reader: WorkReader) => {
    const metering = await openUsageReceipts({
      dir: ledger.dir,
      chainId: options.deployment.chainId,
      target: { address: meter, settle },
      client,
      licenseToken: options.deployment.contracts.LicenseToken as Address,
      ledger,
      reader,
    });
    if (!settle || !options.settleEveryMs) return metering;
    const timer = setInterval(() => {
      metering
        .settle()
        .catch((error) => console.error("gateway: settlement failed, will retry:", (error as Error).message));
    }, options.settleEveryMs);
    timer.unref();
    const close = async () => {
      clearInterval(timer);
      await metering.close();
    };
    return { ...metering, close };
  };
}
