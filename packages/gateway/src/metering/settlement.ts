import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Address, Hex } from "viem";
import type { Database } from "../db/database";
import type { QueuedReceipt, ReceiptQueue } from "./receipt-queue";

/** Receipts per settlement transaction: UsageMeter.MAX_BATCH. */
export const SETTLEMENT_BATCH = 32;
/** Batches one settlement round sends at most; what is left waits for the next round. */
const MAX_BATCHES_PER_ROUND = 16;
/** The settler's advisory lock (session-level): one settler at a time across every gateway on the database. */
export const SETTLER_LOCK = 0x1b4f7c;

export interface SettlementTarget {
  /** The contract receipts are signed for and settled with. */
  address: Address;
  /** Sends a batch; resolves with its transaction hash as soon as the node accepted it. Absent: nothing is sent. */
  send?: (
    receipts: Array<{ licenseId: bigint; licensee: Address; cumulativeUnits: bigint; signature: Hex }>,
  ) => Promise<Hex>;
  /** Waits until a sent transaction is mined; throws if it reverted, or (with `timeoutMs`) if it is not mined. */
  confirm?: (hash: Hex, timeoutMs?: number) => Promise<void>;
  /** The cumulative units the meter has recorded for a licensee under a license (`UsageMeter.usageOf().reported`). */
  reported: (licenseId: bigint, licensee: Address) => Promise<bigint>;
}

export interface SettlementRound {
  /** Receipts this round sent on chain. */
  settled: number;
  txHash?: Hex;
  /** Another gateway was settling: this one sent nothing. */
  busy?: true;
}

/** How long a round waits for a transaction a settler that died had sent, before deciding it was dropped. */
const PENDING_WAIT_MS = 30_000;

/**
 * The settler: sends the receipt queue's due receipts to the meter, one gateway at a time (the session-level
 * advisory lock), in rounds. Before sending anything it reconciles with the chain: a transaction a previous settler
 * sent and did not see mined is waited for, then each receipt whose cumulative the meter has already recorded is
 * marked settled instead of being sent again. So a crash between "transaction sent" and "row marked" never pays
 * twice — and if it ever did resend, UsageMeter v2 receipts are cumulative: the chain skips a cumulative it has.
 */
export function createSettler(options: { database: Database; queue: ReceiptQueue; target: SettlementTarget }) {
  const { database, queue, target } = options;
  const id = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  let settling: Promise<unknown> = Promise.resolve();

  /** Marks what the chain already has as settled; returns the receipts still to send. */
  async function reconcile(due: QueuedReceipt[]): Promise<QueuedReceipt[]> {
    const pending = [...new Set(due.flatMap((r) => (r.pendingTx ? [r.pendingTx] : [])))];
    for (const hash of pending) {
      await target.confirm?.(hash, PENDING_WAIT_MS).catch(() => {}); // reverted or dropped: the reads below decide
    }
    const reported = await Promise.all(due.map((r) => target.reported(r.licenseId, r.account)));
    const toSend: QueuedReceipt[] = [];
    for (const [i, r] of due.entries()) {
      if (reported[i] >= r.cumulativeUnits) await queue.settled(r, r.pendingTx);
      else toSend.push(r);
    }
    return toSend;
  }

  async function round(): Promise<SettlementRound> {
    const send = target.send;
    if (!send) return { settled: 0 };
    const outcome = await database.withLock(SETTLER_LOCK, async () => {
      let settled = 0;
      let txHash: Hex | undefined;
      for (let n = 0; n < MAX_BATCHES_PER_ROUND; n++) {
        const due = await queue.due(SETTLEMENT_BATCH);
        if (due.length === 0) break;
        const batch = await reconcile(due);
        if (batch.length === 0) continue;
        await queue.claim(batch, id);
        const hash = await send(
          batch.map((r) => ({
            licenseId: r.licenseId,
            licensee: r.account,
            cumulativeUnits: r.cumulativeUnits,
            signature: r.signature,
          })),
        );
        await queue.sent(batch, id, hash);
        await target.confirm?.(hash);
        // Mined: each receipt is settled, or refused by the meter for a reason a resend would not change (its
        // SettleSkipped event says which); either way it is not sent again.
        for (const r of batch) await queue.settled(r, hash);
        settled += batch.length;
        txHash = hash;
      }
      return { settled, ...(txHash ? { txHash } : {}) };
    });
    return outcome.acquired ? outcome.value : { settled: 0, busy: true };
  }

  return {
    id,
    /** One round; a second caller in this process waits for the first instead of sending the same batch. */
    settle(): Promise<SettlementRound> {
      const run = settling.then(round, round);
      settling = run.catch(() => {});
      return run;
    },
  };
}
