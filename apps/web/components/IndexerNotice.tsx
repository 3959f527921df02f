import { type IndexerState, indexerStateWords } from "@/lib/indexer/status";

/** Says so when the indexer is behind the chain or down; nothing when it is current. */
export function IndexerNotice({ state }: { state: IndexerState }) {
  const words = indexerStateWords(state);
  if (!words) return null;
  return (
    <p role="status" className="notice" data-testid="indexer-notice" data-state={state.state}>
      {words}
    </p>
  );
}
