"use client";
import { useAccount, useReadContract } from "wagmi";
import { superTokenAbi, usageMeterAbi } from "@ipnft/protocol/abis";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { formatAmount } from "@ipnft/protocol/format";
import { TxStatus } from "./ui/TxStatus";

/**
 * Pays a license's metered usage that settlement could not charge (the meter was not yet allowed to take
 * the SuperToken): allows the usage meter to take what is owed, then pays it, which lifts a suspension.
 */
export function PayUsage({ licenseId, unpaidUnits, pricePerUnit }: { licenseId: bigint; unpaidUnits: bigint; pricePerUnit: bigint }) {
  const { address } = useAccount();
  const { contracts, currency } = useDeployment();
  const meter = contracts.UsageMeter;
  const owed = unpaidUnits * pricePerUnit;
  const { state, send, busy } = useTx();
  const allowance = useReadContract({
    address: currency.superToken,
    abi: superTokenAbi,
    functionName: "allowance",
    args: [address!, meter!],
    query: { enabled: Boolean(address && meter) && owed > 0n },
  });
  if (!meter) return null;
  // Once paid, the row re-reads zero owed: keep saying how the payment went.
  if (owed === 0n) return state.status === "idle" ? null : <TxStatus state={state} />;

  const pay = async () => {
    if ((allowance.data ?? 0n) < owed) {
      const approved = await send(`Allow the usage meter to take ${formatAmount(owed, currency.decimals)} ${currency.superTokenSymbol}`, {
        address: currency.superToken,
        abi: superTokenAbi,
        functionName: "approve",
        args: [meter, owed],
      });
      if (!approved) return;
    }
    await send(`Pay ${unpaidUnits} unpaid files`, { address: meter, abi: usageMeterAbi, functionName: "payOutstanding", args: [licenseId] });
  };

  return (
    <div className="buy">
      <button type="button" disabled={busy || !address} onClick={() => void pay()}>
        Pay {unpaidUnits.toString()} unpaid files ({formatAmount(owed, currency.decimals)} {currency.superTokenSymbol})
      </button>
      <TxStatus state={state} />
    </div>
  );
}
