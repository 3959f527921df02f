"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useAccount, usePublicClient } from "wagmi";
import { storeMetadata, uploadOriginal } from "@/lib/gateway-client";
import { useDeployment } from "../useDeployment";
import { useGatewaySession } from "../useGatewaySession";
import { useTx } from "../useTx";
import { type MintForm, type MintStep, planMint, runMint, type StepState } from "./mint-sequence";

/**
 * The mint for the page: checks the form, runs the sequence through the transactor and the gateway, keeps each
 * step's state for the progress list, and opens the new work's page when it is registered.
 */
export function useMint(shareSupply: bigint) {
  const router = useRouter();
  const { address } = useAccount();
  const client = usePublicClient();
  const deployment = useDeployment();
  const { ensureSignedIn } = useGatewaySession();
  const { state: txState, send } = useTx();
  const [steps, setSteps] = useState<Partial<Record<MintStep, StepState>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const mint = async (form: MintForm) => {
    setProblem(null);
    setNotice(null);
    const planned = planMint(form, { account: address, shareSupply, decimals: deployment.currency.decimals });
    if ("problem" in planned) return setProblem(planned.problem);
    if (!client) return setProblem("The chain is not answering. Is the local node (`npm run dev`) running?");
    setBusy(true);
    try {
      const outcome = await runMint(planned.plan, {
        deployment,
        account: address!,
        client,
        send,
        ensureSignedIn,
        uploadOriginal,
        storeMetadata,
        onStep: (step, state) => setSteps((all) => ({ ...all, [step]: state })),
        onNotice: setNotice,
      });
      // A transaction's failure is already shown, in words, by its status line.
      if ("ipId" in outcome) router.push(`/works/${outcome.ipId}?minted=1`);
      else if (outcome.problem) setProblem(outcome.problem);
    } finally {
      setBusy(false);
    }
  };

  /** A new file starts over: no problem shown, no step taken. */
  const reset = () => {
    setProblem(null);
    setNotice(null);
    setSteps({});
  };

  return { mint, reset, steps, problem, setProblem, notice, busy, txState };
}
