"use client";
import { formatAmount } from "@ipnft/protocol/format";
import { buyLicenseSteps } from "@ipnft/protocol/verbs";
import { useAccount } from "wagmi";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { useAllowance } from "@/hooks/wallet/useWallet";
import { TxStatus } from "./ui/TxStatus";

/**
 * Buys a license of one work under one set of terms: allows the license contract to take the fee in the
 * SuperToken (if it may not yet), then buys with the fee shown as the most the buyer agrees to pay.
 */
export function BuyLicense({ ipId, termsId, fee, name }: { ipId: bigint; termsId: bigint; fee: bigint; name: string }) {
  const { address } = useAccount();
  const deployment = useDeployment();
  const { currency } = deployment;
  const { state, sendSteps, busy } = useTx();
  const allowance = useAllowance(deployment.contracts.LicenseToken, fee > 0n);
  const price = `${formatAmount(fee, currency.decimals)} ${currency.superTokenSymbol}`;
  const labels = {
    approve: `Allow the license contract to take ${price}`,
    buyLicense: `Buy the license “${name}”`,
  };

  const buy = () =>
    sendSteps(buyLicenseSteps(deployment, { ipId, termsId, maxFee: fee, allowance: allowance.data ?? 0n }), labels);

  return (
    <div className="buy">
      <button type="button" disabled={busy || !address} onClick={() => void buy()}>
        Buy license “{name}”{fee > 0n ? ` for ${price}` : ""}
      </button>
      {!address ? <p className="muted">Connect a wallet to buy.</p> : null}
      <TxStatus state={state} />
    </div>
  );
}
