"use client";
import type { ContractWrite, Step } from "@ipnft/protocol/verbs";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { Hash } from "viem";
import { useAccount, useConfig } from "wagmi";
import { simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";
import { withContractErrors } from "@/lib/contract-errors";
import { explainError } from "@/lib/errors";
import { useDeployment } from "./useDeployment";

/** The four states every transaction goes through in the UI. */
export type TxState =
  | { status: "idle" }
  | { status: "signing"; label: string }
  | { status: "mining"; label: string; hash: Hash }
  | { status: "confirmed"; label: string; hash: Hash }
  | { status: "failed"; label: string; reason: string };

/** Sends one verb's request under a label people read; true once it is confirmed. */
export type Send = (label: string, request: ContractWrite) => Promise<boolean>;

/**
 * The one transactor: simulates (so a revert shows its custom error before anything is signed),
 * asks the wallet to sign, waits for the receipt, then refreshes every chain read. It sends the
 * protocol's verbs (`@ipnft/protocol/verbs`), whose arguments are checked against the ABIs where they are built.
 */
export function useTx() {
  const config = useConfig();
  const queryClient = useQueryClient();
  const deployment = useDeployment();
  const { address, chainId } = useAccount();
  const [state, setState] = useState<TxState>({ status: "idle" });

  const send: Send = useCallback(
    async (label, write) => {
      if (!address) {
        setState({ status: "failed", label, reason: "Connect a wallet first." });
        return false;
      }
      if (chainId !== deployment.chainId) {
        setState({
          status: "failed",
          label,
          reason: `Your wallet is on the wrong network. Switch to chain ${deployment.chainId}.`,
        });
        return false;
      }
      setState({ status: "signing", label });
      try {
        // Decoded against every contract's errors: a revert deep inside (say, in the SuperToken) still gets its sentence.
        const { request } = await simulateContract(config, {
          ...write,
          abi: withContractErrors(write.abi),
          account: address,
        } as never);
        const hash = await writeContract(config, request);
        setState({ status: "mining", label, hash });
        const receipt = await waitForTransactionReceipt(config, { hash });
        if (receipt.status !== "success") throw new Error("The transaction was reverted on chain.");
        setState({ status: "confirmed", label, hash });
        await queryClient.invalidateQueries();
        return true;
      } catch (error) {
        setState({ status: "failed", label, reason: explainError(error) });
        return false;
      }
    },
    [address, chainId, config, deployment.chainId, queryClient],
  );

  /** Sends a sequence's steps in order, each under its words, and stops at the first that fails; true when all are confirmed. */
  const sendSteps = useCallback(
    async <Name extends string>(steps: readonly Step<Name>[], labels: Record<Name, string>) => {
      for (const { step, request } of steps) if (!(await send(labels[step], request))) return false;
      return true;
    },
    [send],
  );

  return { state, send, sendSteps, busy: state.status === "signing" || state.status === "mining" };
}
