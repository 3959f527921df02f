"use client";
import { useAccount, useSwitchChain } from "wagmi";
import { useDeployment } from "@/hooks/useDeployment";
import { explainError } from "@/lib/errors";

/** Tells a user whose wallet is on another network, in plain words, and offers to switch. */
export function NetworkGuard() {
  const { chainId, isConnected } = useAccount();
  const deployment = useDeployment();
  const { switchChain, isPending, error } = useSwitchChain();
  if (!isConnected || chainId === deployment.chainId) return null;
  return (
    <div role="alert" className="banner">
      Your wallet is on the wrong network (chain {chainId}). This app runs on chain {deployment.chainId}.{" "}
      <button type="button" disabled={isPending} onClick={() => switchChain({ chainId: deployment.chainId })}>
        Switch network
      </button>
      {error ? <span> {explainError(error)}</span> : null}
    </div>
  );
}
