import type { Deployment } from "@ipnft/protocol/deployment";
import { settleUsageBatch, usageOf, usageReceiptTypedData } from "@ipnft/protocol/verbs/usage";
import { type Address, getAddress, isHex, type PublicClient, recoverTypedDataAddress, type WalletClient } from "viem";
import type { ErrorBody, MeteredUsage, ReceiptResult, ReceiptResults, UsageReceiptRequired, UsageRow } from "../api";
import { isCanonicalSignature } from "../auth/recover";
import type { Database } from "../db/database";
import { errorResponse, jsonResponse } from "../http";
import { type LicenseTerms, meteredTermsReader } from "./metered-terms";
import type { Metering } from "./metering";
import { receiptQueue } from "./receipt-queue";
import { createSettler, type SettlementTarget } from "./settlement";
import type { UsageLedger } from "./usage-ledger";

/**
 * Usage receipts: the licensee's signed word for how many metered units (files) it has used under a
 * license, cumulative, so a newer receipt supersedes every older one and replaying one changes nothing.
 *
 * Flow: each served file adds to the license's units (usage-ledger.ts); GET /api/usage hands the client
 * the receipt to sign for its current total; POST /api/usage/receipts brings the signature back; the
 * gateway keeps the latest receipt per license and licensee in the database (receipt-queue.ts) before it answers, so
 * an acknowledged receipt survives a crash, and any gateway on the database settles it (settlement.ts, one at a
 * time). Past `maxUnpaidUnits` of the terms (or the gateway's own bound) of served but unsigned usage, downloads
 * under that license answer 402 until the client signs.
 */

export { DEFAULT_MAX_UNSIGNED_UNITS } from "./metered-terms";
export { SETTLEMENT_BATCH, type SettlementTarget } from "./settlement";

export async function openUsageReceipts(options: {
  chainId: number;
  target: SettlementTarget;
  client: PublicClient;
  ledger: UsageLedger;
  licenseTerms: LicenseTerms;
  database: Database;
}): Promise<Metering> {
  const { chainId, target, ledger, client, licenseTerms, database } = options;
  const queue = receiptQueue(database.db, ledger.scope);
  const settler = createSettler({ database, queue, target });

  const { pricingOf, unpaidOnChain } = meteredTermsReader({ client, meter: target.address, licenseTerms });

  function receiptToSign(licenseId: bigint, units: bigint, licensee: Address) {
    // The protocol's typed data, in the domain of the meter these receipts are settled with: the receipt names the
    // account that used the files, so it is charged to that account and never to a later holder of the license.
    return usageReceiptTypedData(
      { chainId, contracts: { UsageMeter: target.address } },
      { licenseId, licensee, cumulativeUnits: units },
    );
  }

  const metering: Metering = {
    async admit(licenseId, account) {
      const p = await pricingOf(licenseId);
      if (p.pricePerUnit === 0n) return { ok: true, release: () => {} };
      let chainUnpaid = await unpaidOnChain(licenseId, account);
      /**
       * Read and reserved in one transaction under a lock per (license, licensee), whichever gateway admits: the
       * chain's unpaid units, plus what was served and not settled, plus the downloads already admitted, must stay
       * under the terms' bound, and so must the unsigned usage.
       */
      const tryReserve = () =>
        queue.reserve(licenseId, account, ({ used, signed, settled, reserved }) => {
          const unpaid = chainUnpaid + (used - settled) + reserved;
          const unsigned = used - signed + reserved;
          return { ok: unpaid < p.bound && unsigned < p.bound, used, unpaid, unsigned, signed, settled };
        });
      let attempt = await tryReserve();
      if (!attempt.ok && attempt.unsigned < p.bound && attempt.signed > attempt.settled) {
        // Everything served is signed, only not settled yet: settle now (the licensee pays) and look again.
        await metering.settle().catch((error: Error) => console.error("gateway: settlement failed:", error.message));
        chainUnpaid = await unpaidOnChain(licenseId, account);
        attempt = await tryReserve();
      }
      const { reservation } = attempt;
      if (reservation) {
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          queue.release(reservation).catch((error: Error) => {
            // Not given back now: it expires (RESERVATION_TTL_MS), holding its unit until then.
            console.error("gateway: a download reservation could not be released:", error.message);
          });
        };
        return { ok: true, reservation, release };
      }
      const { used } = attempt;
      const reason = `${account} has ${attempt.unpaid} units under license ${licenseId} served but not paid (the terms allow ${p.bound}); sign the receipt for ${used} files (POST /api/usage/receipts) and pay what is owed to continue.`;
      const refusal: Omit<UsageReceiptRequired, keyof ErrorBody> = {
        licenseId,
        cumulativeUnits: used,
        signedUnits: attempt.signed,
        receipt: receiptToSign(licenseId, used, account),
      };
      return { ok: false, response: errorResponse(402, "usage_receipt_required", reason, { ...refusal }) };
    },

    async statusResponse(account) {
      const rows = await Promise.all(
        (await ledger.byAccount(account)).map(async (u): Promise<UsageRow> => {
          const [p, { signed, settled }] = await Promise.all([
            pricingOf(u.licenseId),
            queue.held(u.licenseId, account),
          ]);
          return {
            licenseId: u.licenseId,
            ipId: u.ipId,
            files: u.files,
            servedBytes: u.servedBytes,
            units: u.units,
            signedUnits: signed,
            settledUnits: settled,
            pricePerUnit: p.pricePerUnit,
            metered: p.pricePerUnit > 0n,
            owed: (u.units - settled) * p.pricePerUnit,
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
        const usage = await ledger.usage(licenseId, account);
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
        // The conditional upsert keeps it only if it is newer than the one held, whichever gateway holds that; it
        // is in the database before we answer, so an acknowledged receipt survives a crash.
        if (!(await queue.offer({ licenseId, account, cumulativeUnits: units, signature: r.signature }))) {
          const { signed } = await queue.held(licenseId, account);
          results.push({
            licenseId,
            accepted: false,
            error: "receipt_not_newer",
            reason: `A receipt for ${signed} units is already held; an older or equal one changes nothing.`,
          });
          continue;
        }
        results.push({ licenseId, accepted: true, cumulativeUnits: units });
      }
      const answer: ReceiptResults = { results };
      return jsonResponse(200, answer);
    },

    settle: () => settler.settle(),
    close: async () => {},
  };
  return metering;
}

/**
 * Metering for a deployment: receipts are signed for its `UsageMeter` and settled with `settleBatch`, sent by
 * `settler` (the gateway's own key, see server.ts), every `settleEveryMs` (and on demand). Without a settler,
 * receipts are kept and not settled.
 */
export function usageMeteringFor(options: {
  deployment: Deployment;
  client: PublicClient;
  settler?: WalletClient;
  settleEveryMs?: number;
}) {
  const { deployment, client, settler } = options;
  const meter = deployment.contracts.UsageMeter;
  if (!meter) return undefined;
  const account = settler?.account;
  const target: SettlementTarget = {
    address: meter,
    reported: async (licenseId, licensee) => (await usageOf(client, deployment, licenseId, licensee)).reported,
    ...(settler && account
      ? {
          send: (batch) =>
            settler.writeContract({ ...settleUsageBatch(deployment, batch), account, chain: null } as never),
          confirm: async (hash, timeout) => {
            const receipt = await client.waitForTransactionReceipt({ hash, timeout });
            if (receipt.status !== "success") throw new Error(`settlement ${hash} reverted`);
          },
        }
      : {}),
  };
  return async (ledger: UsageLedger, licenseTerms: LicenseTerms, database: Database): Promise<Metering> => {
    const metering = await openUsageReceipts({
      chainId: deployment.chainId,
      target,
      client,
      ledger,
      licenseTerms,
      database,
    });
    if (!target.send || !options.settleEveryMs) return metering;
    const timer = setInterval(() => {
      metering
        .settle()
        .catch((error) => console.error("gateway: settlement failed, will retry:", (error as Error).message));
    }, options.settleEveryMs);
    timer.unref();
    return {
      ...metering,
      async close() {
        clearInterval(timer);
        await metering.close();
      },
    };
  };
}
