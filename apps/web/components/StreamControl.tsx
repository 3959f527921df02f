"use client";
import { perMonth } from "@ipnft/protocol/terms-words";
import { closeStream, openStream } from "@ipnft/protocol/verbs";
import { useAccount } from "wagmi";
import { useStreamState } from "@/hooks/licenses/useLicenses";
import { useShares } from "@/hooks/shares/useShares";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { TxStatus } from "./ui/TxStatus";

/**
 * Opens or stops a licensee's royalty stream into a work's pool. A streamed license gives access only
 * while the stream runs at no less than the terms' minimum, so stopping it ends access within a block.
 */
export function StreamControl({ ipId, minRate }: { ipId: bigint; minRate: bigint }) {
  const { address } = useAccount();
  const deployment = useDeployment();
  const { currency } = deployment;
  const money = { symbol: currency.superTokenSymbol, decimals: currency.decimals };
  const shares = useShares(ipId);
  const pool = shares.data?.enabled ? shares.data.pool : undefined;
  const { state, send, busy } = useTx();
  const stream = useStreamState(ipId, address);
  if (!address) return null;
  if (!pool) return <p className="muted">This work has no royalty pool yet, so there is nothing to stream into.</p>;
  const rate = stream.data?.flowRate ?? 0n;
  const access = stream.data?.access ?? false;
  return (
    <div
      className="stream"
      data-testid={`stream-${ipId}`}
      data-flow-rate={rate.toString()}
      data-access={String(access)}
    >
      <p>
        {rate > 0n ? (
          <>
            You stream <strong>{perMonth(rate, money)}</strong> into this work’s royalty pool.
          </>
        ) : (
          <>You are not streaming to this work.</>
        )}{" "}
        AI training access now: <strong data-testid={`access-${ipId}`}>{access ? "yes" : "no"}</strong>.
      </p>
      {rate > 0n ? (
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => void send("Stop the stream", closeStream(deployment, address, pool))}
        >
          Stop the stream
        </button>
      ) : (
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void send(`Open a stream of ${perMonth(minRate, money)}`, openStream(deployment, address, pool, minRate))
          }
        >
          Open the stream ({perMonth(minRate, money)})
        </button>
      )}
      <TxStatus state={state} />
    </div>
  );
}
