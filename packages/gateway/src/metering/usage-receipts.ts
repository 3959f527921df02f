import path from "node:path";
import { licenseTokenAbi, usageMeterAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import { usageReceiptTypedData } from "@ipnft/protocol/verbs/usage";
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
import type { Metering } from "./metering";
import type { UsageLedger } from "./usage-ledger";

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
  cumulativeUnits: string;
  txHash: Hex;
  at: number;
}

/** Receipts per settlement transaction: UsageMeter.MAX_BATCH. */
export const SETTLEMENT_BATCH = 32;

/** Units a licensee may take unsigned when its terms set no bound of their own. */
export const DEFAULT_MAX_UNSIGNED_UNITS = 10n;

export interface SettlementTarget {
  /** The contract receipts are signed for and settled with. */
  address: Address;
  /** Sends the batch on chain; absent until a settling contract is deployed. */
  settle?: (receipts: Array<{ licenseId: bigint; cumulativeUnits: bigint; signature: Hex }>) => Promise<Hex>;
}

export async function openUsageReceipts(options: {
  dir: string;
  chainId: number;
  target: SettlementTarget;
  client: PublicClient;
  licenseToken: Address;
  ledger: UsageLedger;
  reader: WorkReader;
}): Promise<Metering & { signedUnits(licenseId: bigint): bigint; settledUnits(licenseId: bigint): bigint }> {
  const { chainId, target, ledger, client, licenseToken, reader } = options;
  const journal = await openJournal<ReceiptEntry | SettledEntry>(path.join(options.dir, "receipts.jsonl"), {
    durable: true,
  });
  const latest = new Map<bigint, ReceiptEntry>();
  const settled = new Map<bigint, bigint>();
  for (const entry of journal.entries) {
    const id = BigInt(entry.licenseId);
    if (entry.kind === "signed" && BigInt(entry.cumulativeUnits) > BigInt(latest.get(id)?.cumulativeUnits ?? -1))
      latest.set(id, entry);
    if (entry.kind === "settled" && BigInt(entry.cumulativeUnits) > (settled.get(id) ?? 0n))
      settled.set(id, BigInt(entry.cumulativeUnits));
  }
  let settling: Promise<void> = Promise.resolve();
  const signedUnits = (licenseId: bigint) => BigInt(latest.get(licenseId)?.cumulativeUnits ?? 0);
  const settledUnits = (licenseId: bigint) => settled.get(licenseId) ?? 0n;

  /** Metered terms of a license, cached: terms never change, and a license never changes terms. */
  const pricing = new Map<bigint, Promise<{ pricePerUnit: bigint; bound: bigint }>>();
  function pricingOf(licenseId: bigint) {
    let p = pricing.get(licenseId);
    if (!p) {
      p = (async () => {
        const license = await client.readContract({
          address: licenseToken,
          abi: licenseTokenAbi,
          functionName: "getLicense",
          args: [licenseId],
        });
        const terms = await reader.terms(BigInt(license.termsId));
        return {
          pricePerUnit: terms.pricePerUnit,
          bound: terms.maxUnpaidUnits > 0n ? terms.maxUnpaidUnits : DEFAULT_MAX_UNSIGNED_UNITS,
        };
      })();
      p.catch(() => pricing.delete(licenseId));
      pricing.set(licenseId, p);
    }
    return p;
  }

  function receiptToSign(licenseId: bigint, units: bigint) {
    // The protocol's typed data, in the domain of the meter these receipts are settled with.
    return usageReceiptTypedData(
      { chainId, contracts: { UsageMeter: target.address } },
      { licenseId, cumulativeUnits: units },
    );
  }

  return {
    signedUnits,
    settledUnits,

    async admit(licenseId, _account) {
      const p = await pricingOf(licenseId);
      if (p.pricePerUnit === 0n) return { ok: true };
      const used = ledger.usage(licenseId)?.units ?? 0n;
      const unsigned = used - signedUnits(licenseId);
      if (unsigned < p.bound) return { ok: true };
      const reason = `License ${licenseId} has ${unsigned} files served without a signed usage receipt; sign the receipt for ${used} files (POST /api/usage/receipts) to continue.`;
      const refusal: Omit<UsageReceiptRequired, keyof ErrorBody> = {
        licenseId,
        cumulativeUnits: used,
        signedUnits: signedUnits(licenseId),
        receipt: receiptToSign(licenseId, used),
      };
      return { ok: false, response: errorResponse(402, "usage_receipt_required", reason, { ...refusal }) };
    },

    async statusResponse(account) {
      const rows = await Promise.all(
        ledger.byAccount(account).map(async (u): Promise<UsageRow> => {
          const p = await pricingOf(u.licenseId);
          const signed = signedUnits(u.licenseId);
          return {
            licenseId: u.licenseId,
            ipId: u.ipId,
            files: u.files,
            servedBytes: u.servedBytes,
            units: u.units,
            signedUnits: signed,
            settledUnits: settledUnits(u.licenseId),
            pricePerUnit: p.pricePerUnit,
            metered: p.pricePerUnit > 0n,
            owed: (u.units - settledUnits(u.licenseId)) * p.pricePerUnit,
            ...(p.pricePerUnit > 0n && u.units > signed ? { receiptToSign: receiptToSign(u.licenseId, u.units) } : {}),
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
        const usage = ledger.usage(licenseId);
        if (!usage || getAddress(usage.account) !== account) {
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
          ...receiptToSign(licenseId, units),
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
        if (units <= signedUnits(licenseId)) {
          results.push({
            licenseId,
            accepted: false,
            error: "receipt_not_newer",
            reason: `A receipt for ${signedUnits(licenseId)} units is already held; an older or equal one changes nothing.`,
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
        if (units > signedUnits(licenseId)) latest.set(licenseId, entry);
        results.push({ licenseId, accepted: true, cumulativeUnits: units });
      }
      const answer: ReceiptResults = { results };
      return jsonResponse(200, answer);
    },

    async settle() {
      // One settlement at a time: a second caller waits for the first instead of sending the same batch.
      const run = settling.then(async () => {
        const due = [...latest.values()].filter((e) => BigInt(e.cumulativeUnits) > settledUnits(BigInt(e.licenseId)));
        if (due.length === 0 || !target.settle) return { settled: 0 };
        let settledCount = 0;
        let txHash: Hex | undefined;
        for (let i = 0; i < due.length; i += SETTLEMENT_BATCH) {
          const batch = due.slice(i, i + SETTLEMENT_BATCH).map((e) => ({
            licenseId: BigInt(e.licenseId),
            cumulativeUnits: BigInt(e.cumulativeUnits),
            signature: e.signature,
          }));
          txHash = await target.settle(batch);
          for (const e of batch) {
            await journal.append({
              kind: "settled",
              licenseId: e.licenseId.toString(),
              cumulativeUnits: e.cumulativeUnits.toString(),
              txHash,
              at: Date.now(),
            });
            if (e.cumulativeUnits > settledUnits(e.licenseId)) settled.set(e.licenseId, e.cumulativeUnits);
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
    ? async (batch: Array<{ licenseId: bigint; cumulativeUnits: bigint; signature: Hex }>) => {
        const hash = await settler.writeContract({
          address: meter,
          abi: usageMeterAbi,
          functionName: "settleBatch",
          args: [
            batch.map((r) => ({ licenseId: r.licenseId, cumulativeUnits: r.cumulativeUnits })),
            batch.map((r) => r.signature),
          ],
          account: settler.account!,
          chain: null,
        });
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
