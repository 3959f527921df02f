"use client";
import { useAccount, useChains, useSwitchChain } from "wagmi";
import { useDeployment } from "@/hooks/useDeployment";
import { explainError } from "@/lib/errors";

/** Tells a user whose wallet is on another network, in plain words, and offers to switch to the app's. */
export function NetworkGuard() {
  const { chainId, isConnected } = useAccount();
  const deployment = useDeployment();
  const chains = useChains();
  const { switchChain, isPending, error } = useSwitchChain();
  if (!isConnected || chainId === undefined || chainId === deployment.chainId) return null;
  const nameOf = (id: number) => chains.find((c) => c.id === id)?.name ?? `chain ${id}`;
  const wanted = nameOf(deployment.chainId);
  return (
    <div role="alert" className="banner" data-testid="wrong-network">
      Your wallet is connected to {nameOf(chainId)}, but this app's contracts live on {wanted}. Nothing can be bought,
      registered or signed until your wallet is on {wanted}.{" "}
      <button type="button" disabled={isPending} onClick={() => switchChain({ chainId: deployment.chainId })}>
        {isPending ? `Switching to ${wanted}…` : `Switch to ${wanted}`}
      </button>
      {error ? <span> {explainError(error)}</span> : null}
    </div>
  );
}
