import type { Address } from "viem";
import type { SettlementRound } from "./settlement";

/**
 * Metering beyond the usage ledger: the licensee signs cumulative usage receipts, the gateway keeps
 * them in its database until they are settled on chain, and refuses more files to a licensee whose unsigned
 * usage runs past what its terms allow.
 */
export interface Metering {
  /**
   * Before a file is served under `licenseId` to `account`: may it be, or must usage be signed and paid first? An
   * admitted download holds a reservation of one unit (in the database, so every gateway counts it), counted against
   * the bound until the download is recorded in the ledger (pass `reservation` to `UsageLedger.record`) or `release`
   * gives it back when it fails before any byte: so parallel downloads, on one gateway or several, cannot all pass.
   */
  admit(
    licenseId: bigint,
    account: Address,
  ): Promise<{ ok: true; reservation?: string; release: () => void } | { ok: false; response: Response }>;
  /** GET /api/usage: the caller's usage per license and the receipts it should sign. */
  statusResponse(account: Address): Promise<Response>;
  /** POST /api/usage/receipts: signed receipts from the caller, already bounded in size and count by the handler. */
  submitResponse(receipts: readonly unknown[], account: Address): Promise<Response>;
  /** Settles every receipt not yet settled on chain (unless another gateway is settling); resolves with what was sent. */
  settle(): Promise<SettlementRound>;
  close(): Promise<void>;
}
