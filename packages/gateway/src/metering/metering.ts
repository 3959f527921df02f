import type { Address } from "viem";

/**
 * Metering beyond the usage ledger: the licensee signs cumulative usage receipts, the gateway keeps
 * them on disk until they are settled on chain, and refuses more files to a licensee whose unsigned
 * usage runs past what its terms allow.
 */
export interface Metering {
  /**
   * Before a file is served under `licenseId` to `account`: may it be, or must usage be signed and paid first? An
   * admitted download holds a reservation of one unit, counted against the bound until `release` (called once the
   * download is recorded in the ledger, or when it fails before any byte): so parallel downloads cannot all pass.
   */
  admit(
    licenseId: bigint,
    account: Address,
  ): Promise<{ ok: true; release: () => void } | { ok: false; response: Response }>;
  /** GET /api/usage: the caller's usage per license and the receipts it should sign. */
  statusResponse(account: Address): Promise<Response>;
  /** POST /api/usage/receipts: signed receipts from the caller, already bounded in size and count by the handler. */
  submitResponse(receipts: readonly unknown[], account: Address): Promise<Response>;
  /** Settles every receipt not yet settled on chain; resolves with what was sent. */
  settle(): Promise<{ settled: number; txHash?: string }>;
  close(): Promise<void>;
}
