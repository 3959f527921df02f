"use client";
import { ruleDispute } from "@ipnft/protocol/verbs";
import { useRouter } from "next/navigation";
import { useAccount } from "wagmi";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { TxStatus } from "../ui/TxStatus";

/** The arbiter's two buttons on an open dispute; nothing for anyone else (the contract refuses them anyway). */
export function RuleDispute({ disputeId, arbiter }: { disputeId: bigint; arbiter: string }) {
  const { address } = useAccount();
  const deployment = useDeployment();
  const router = useRouter();
  const { state, send, busy } = useTx();
  if (!address || address.toLowerCase() !== arbiter.toLowerCase()) return null;

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
