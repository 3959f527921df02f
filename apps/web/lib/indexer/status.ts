import { groupDigits } from "@ipnft/protocol/format";
/**
 * How far the indexer has read the chain, in words for the pages. Pure, so it is tested without an indexer; the
 * reads that feed it live in `reader.ts`.
 */
export type IndexerState =
  | { state: "ready"; block: number; head: number }
  | { state: "behind"; block: number; head: number }
  | { state: "down" };

/**
 * Blocks the indexer may trail the chain by and still count as current: it polls every half second and a block
 * comes every second, so one or two blocks behind is its normal pace, not news for a visitor.
 */
export const BEHIND_AFTER_BLOCKS = 5;

/** Ponder's `/status` answer: each chain's latest indexed block. */
export type PonderStatus = Record<string, { id: number; block: { number: number; timestamp: number } }>;

/** The indexer's state from its `/status` (undefined: it did not answer) and the chain's head (undefined: unknown). */
export function indexerState(
  status: PonderStatus | undefined,
  chainId: number,
  head: number | undefined,
): IndexerState {
  const chain = status && Object.values(status).find((c) => c.id === chainId);
  if (!chain) return { state: "down" };
  const block = chain.block.number;
  if (head === undefined || head - block <= BEHIND_AFTER_BLOCKS) return { state: "ready", block, head: head ?? block };
  return { state: "behind", block, head };
}

/** A sentence for a page, or null when the indexer is current and there is nothing to say. */
export function indexerStateWords(s: IndexerState): string | null {
  if (s.state === "ready") return null;
  if (s.state === "down") {
    return "The indexer is not reachable, so lists, history and charts can't be shown right now; what the chain says is shown directly.";
  }
  return `The indexer is catching up: block ${groupDigits(s.block)} of ${groupDigits(s.head)}. Lists and history may miss the newest changes.`;
}
