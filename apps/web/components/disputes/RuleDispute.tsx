"use client";
import { ruleDispute } from "@ipnft/protocol/verbs";
import { useRouter } from "next/navigation";
import { useAccount } from "wagmi";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { TxStatus } from "../ui/TxStatus";

/**
 * The arbiter's two buttons on an open dispute; nothing for anyone else (the contract refuses them anyway). An arbiter
 * who owns the disputed IP (`owner`, read when the page was rendered) may not rule on it: it is told so instead of
 * being offered buttons the contract would refuse.
 */
export function RuleDispute({
  disputeId,
  ipId,
  arbiter,
  owner,
}: {
  disputeId: bigint;
  ipId: bigint;
  arbiter: string;
  owner: string;
}) {
  const { address } = useAccount();
  const deployment = useDeployment();
  const router = useRouter();
  const { state, send, busy } = useTx();
  if (!address || address.toLowerCase() !== arbiter.toLowerCase()) return null;
  if (owner.toLowerCase() === arbiter.toLowerCase()) {
    return (
      <div className="buy" data-testid="arbiter-owns-ip">
        <p className="muted">
          You are the arbiter, and you own IP #{ipId.toString()}: no one rules on their own work. This dispute ends when
          its ruling window closes, and the bond goes back to the disputer.
        </p>
      </div>
    );
  }

  const rule = async (upheld: boolean) => {
    const label = upheld ? `Uphold dispute ${disputeId}` : `Reject dispute ${disputeId}`;
    if (await send(label, ruleDispute(deployment, disputeId, upheld))) router.refresh();
  };
  return (
    <div className="buy" data-testid="arbiter-ruling">
      <p className="muted">You are the arbiter.</p>
      <button type="button" disabled={busy} onClick={() => void rule(true)}>
        Uphold: flag the work for good
      </button>{" "}
      <button type="button" disabled={busy} onClick={() => void rule(false)}>
        Reject: the bond goes to the owner
      </button>
      <TxStatus state={state} />
    </div>
  );
}
