"use client";
import { formatAmount } from "@ipnft/protocol/format";
import { openDisputeSteps } from "@ipnft/protocol/verbs";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useAccount } from "wagmi";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { useAllowance } from "@/hooks/wallet/useWallet";
import { TxStatus } from "../ui/TxStatus";

/** What is wrong with the evidence, in words, or undefined when it can be sent. */
export function evidenceProblem(ipId: bigint, earlier: string, similarity: string, uri: string): string | undefined {
  if (earlier.trim() && !/^[0-9]+$/.test(earlier.trim())) return "The earlier work is an IP number, like 3.";
  if (earlier.trim() && BigInt(earlier.trim()) >= ipId) {
    return `The earlier work must have been registered before this one (an IP number below ${ipId}).`;
  }
  const percent = Number(similarity);
  if (similarity.trim() === "" || !Number.isFinite(percent) || percent < 0 || percent > 100) {
    return "The similarity is a percentage between 0 and 100.";
  }
  if (!uri.trim()) return "Give a link to your evidence (https:// or ipfs://).";
  if (new TextEncoder().encode(uri.trim()).length > 512) return "The evidence link is too long (512 bytes at most).";
  return undefined;
}

/**
 * The evidence form: the earlier work this one copies, how similar they are and a link to the rest. Sending it
 * allows the Disputes contract to take the bond (if it may not yet) and opens the dispute.
 */
export function OpenDispute({ ipId, bond }: { ipId: bigint; bond: bigint }) {
  const { address } = useAccount();
  const deployment = useDeployment();
  const router = useRouter();
  const { currency } = deployment;
  const { state, sendSteps, busy } = useTx();
  const allowance = useAllowance(deployment.contracts.Disputes, true);
  const [earlier, setEarlier] = useState("");
  const [similarity, setSimilarity] = useState("");
  const [uri, setUri] = useState("");
  const [problem, setProblem] = useState<string>();
  const price = `${formatAmount(bond, currency.decimals)} ${currency.superTokenSymbol}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const why = evidenceProblem(ipId, earlier, similarity, uri);
    setProblem(why);
    if (why) return;
    const evidence = {
      earlierIpId: earlier.trim() ? BigInt(earlier.trim()) : 0n,
      similarityBps: Math.round(Number(similarity) * 100),
      uri: uri.trim(),
    };
    const steps = openDisputeSteps(deployment, { ipId, evidence, bond, allowance: allowance.data ?? 0n });
    const labels = {
      approve: `Allow the disputes contract to take the bond of ${price}`,
      openDispute: "Open the dispute",
    };
    if (await sendSteps(steps, labels)) router.push(`/works/${ipId}`);
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-label="Open a dispute">
      <label>
        Earlier work (IP number, optional)
        <input name="earlier" inputMode="numeric" value={earlier} onChange={(e) => setEarlier(e.target.value)} />
      </label>
      <label>
        Similarity (%)
        <input
          name="similarity"
          inputMode="decimal"
          value={similarity}
          onChange={(e) => setSimilarity(e.target.value)}
        />
      </label>
      <label>
        Evidence link
        <input name="uri" value={uri} placeholder="https://… or ipfs://…" onChange={(e) => setUri(e.target.value)} />
      </label>
      <p className="muted">
        The bond is {price}. Upheld or left unruled, it comes back to you; rejected, it goes to the work's owner.
      </p>
      <button type="submit" disabled={busy || !address}>
        Open dispute (bond {price})
      </button>
      {!address ? <p className="muted">Connect a wallet to open a dispute.</p> : null}
      {problem ? (
        <p className="problem" role="alert">
          {problem}
        </p>
      ) : null}
      <TxStatus state={state} />
    </form>
  );
}
