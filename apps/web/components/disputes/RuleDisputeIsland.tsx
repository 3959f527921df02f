"use client";
import { lazy, Suspense } from "react";
import { useWalletLoader } from "@/hooks/wallet/useWalletLoader";

const RuleDispute = lazy(() => import("./RuleDispute").then((m) => ({ default: m.RuleDispute })));

/**
 * The arbiter's buttons on the work page, which loads no wallet code for a reader (see components/works/WorkIslands):
 * they appear once the wallet stack is in, when the visitor connects or a remembered wallet comes back. Only the
 * arbiter's account sees them then.
 */
export function RuleDisputeIsland(props: { disputeId: bigint; ipId: bigint; arbiter: string; owner: string }) {
  if (!useWalletLoader().ready) return null;
  return (
    <Suspense fallback={null}>
      <RuleDispute {...props} />
    </Suspense>
  );
}
