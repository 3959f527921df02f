"use client";
import { formatAmount } from "@ipnft/protocol/format";
import { payUsageSteps } from "@ipnft/protocol/verbs";
import { useAccount } from "wagmi";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { useAllowance } from "@/hooks/wallet/useWallet";
import { TxStatus } from "./ui/TxStatus";

/**
 * Pays a license's metered usage that settlement could not charge (the meter was not yet allowed to take
 * the SuperToken): allows the usage meter to take what is owed, then pays it, which lifts a suspension.
 */
export function PayUsage({
  licenseId,
  unpaidUnits,
  pricePerUnit,
}: {
  licenseId: bigint;
  unpaidUnits: bigint;
  pricePerUnit: bigint;
}) {
  const { address } = useAccount();
  const deployment = useDeployment();
  const { currency } = deployment;
  const meter = deployment.contracts.UsageMeter;
  const owed = unpaidUnits * pricePerUnit;
  const { state, sendSteps, busy } = useTx();
  const allowance = useAllowance(meter, owed > 0n);
  if (!meter) return null;
  // Once paid, the row re-reads zero owed: keep saying how the payment went.
  if (owed === 0n) return state.status === "idle" ? null : <TxStatus state={state} />;

  const amount = `${formatAmount(owed, currency.decimals)} ${currency.superTokenSymbol}`;
  const pay = () =>
    address &&
    sendSteps(payUsageSteps(deployment, { licenseId, licensee: address, owed, allowance: allowance.data ?? 0n }), {
      approve: `Allow the usage meter to take ${amount}`,
      payOutstanding: `Pay ${unpaidUnits} unpaid files`,
    });

  return (
    <div className="buy">
      <button type="button" disabled={busy || !address} onClick={() => void pay()}>
        Pay {unpaidUnits.toString()} unpaid files ({amount})
      </button>
      <TxStatus state={state} />
    </div>
  );
}
