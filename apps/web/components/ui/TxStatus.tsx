"use client";
import type { TxState } from "@/hooks/useTx";

const words: Record<TxState["status"], string> = {
  idle: "",
  signing: "Waiting for your signature…",
  mining: "Confirming on chain…",
  confirmed: "Done.",
  failed: "Failed:",
};

/** Announces a transaction's state to sighted and screen-reader users alike. */
export function TxStatus({ state }: { state: TxState }) {
  if (state.status === "idle") return <p className="tx-status" role="status" aria-live="polite" />;
  return (
    <p
      className={`tx-status tx-${state.status}`}
      role={state.status === "failed" ? "alert" : "status"}
      aria-live="polite"
      data-status={state.status}
    >
      <strong>{state.label}</strong> {words[state.status]} {state.status === "failed" ? state.reason : null}
    </p>
  );
}
