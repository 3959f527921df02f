"use client";
import { useAccount, useReadContract } from "wagmi";
import { gdaV1ForwarderAbi, licenseTokenAbi, royaltyPoolsAbi } from "@ipnft/protocol/abis";
import { useDeployment } from "@/hooks/useDeployment";
import { useShares } from "@/hooks/useRoyalties";
import { useTx } from "@/hooks/useTx";
import { perMonth } from "@ipnft/protocol/terms-words";
import { TxStatus } from "./ui/TxStatus";

/**
 * Opens or stops a licensee's royalty stream into a work's pool. A streamed license gives access only
 * while the stream runs at no less than the terms' minimum, so stopping it ends access within a block.
 */
export function StreamControl({ ipId, minRate }: { ipId: bigint; minRate: bigint }) {
  const { address } = useAccount();
  const { contracts, currency, superfluid } = useDeployment();
  const money = { symbol: currency.superTokenSymbol, decimals: currency.decimals };
  const shares = useShares(ipId);
  const pool = shares.data?.enabled ? shares.data.pool : undefined;
  const { state, send, busy } = useTx();
  const flowing = useReadContract({
    address: contracts.RoyaltyPools,
    abi: royaltyPoolsAbi,
    functionName: "licenseeFlowRate",
    args: [ipId, address!],
    query: { enabled: Boolean(address && contracts.RoyaltyPools), refetchInterval: 4_000 },
  });
  const access = useReadContract({
    address: contracts.LicenseToken,
    abi: licenseTokenAbi,
    functionName: "hasAccess",
    args: [ipId, address!, 0],
    query: { enabled: Boolean(address), refetchInterval: 4_000 },
  });
  if (!address) return null;
  if (!pool) return <p className="muted">This work has no royalty pool yet, so there is nothing to stream into.</p>;
  const rate = BigInt(flowing.data ?? 0);
  const setRate = (r: bigint, label: string) =>
    send(label, { address: superfluid.gdaV1Forwarder, abi: gdaV1ForwarderAbi, functionName: "distributeFlow", args: [currency.superToken, address, pool, r, "0x"] });
  return (
    <div className="stream" data-testid={`stream-${ipId}`} data-flow-rate={rate.toString()} data-access={String(access.data ?? false)}>
      <p>
        {rate > 0n ? (
          <>
            You stream <strong>{perMonth(rate, money)}</strong> into this work’s royalty pool.
          </>
        ) : (
          <>You are not streaming to this work.</>
        )}{" "}
        AI training access now: <strong data-testid={`access-${ipId}`}>{access.data ? "yes" : "no"}</strong>.
      </p>
      {rate > 0n ? (
        <button type="button" className="danger" disabled={busy} onClick={() => void setRate(0n, "Stop the stream")}>
          Stop the stream
        </button>
      ) : (
        <button type="button" disabled={busy} onClick={() => void setRate(minRate, `Open a stream of ${perMonth(minRate, money)}`)}>
          Open the stream ({perMonth(minRate, money)})
        </button>
      )}
      <TxStatus state={state} />
    </div>
  );
}
