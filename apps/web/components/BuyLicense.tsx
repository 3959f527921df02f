"use client";
import { useAccount, useReadContract } from "wagmi";
import { licenseTokenAbi, superTokenAbi } from "@ipnft/protocol/abis";
import { useDeployment } from "@/hooks/useDeployment";
import { useTx } from "@/hooks/useTx";
import { formatAmount } from "@ipnft/protocol/format";
import { TxStatus } from "./ui/TxStatus";

/**
 * Buys a license of one work under one set of terms: allows the license contract to take the fee in the
 * SuperToken (if it may not yet), then buys with the fee shown as the most the buyer agrees to pay.
 */
export function BuyLicense({ ipId, termsId, fee, name }: { ipId: bigint; termsId: bigint; fee: bigint; name: string }) {
  const { address } = useAccount();
  const { contracts, currency } = useDeployment();
  const licenses = contracts.LicenseToken!;
  const { state, send, busy } = useTx();
  const allowance = useReadContract({
    address: currency.superToken,
    abi: superTokenAbi,
    functionName: "allowance",
    args: [address!, licenses],
    query: { enabled: Boolean(address) && fee > 0n },
  });

  const buy = async () => {
    if (fee > 0n && (allowance.data ?? 0n) < fee) {
      const approved = await send(`Allow the license contract to take ${formatAmount(fee, currency.decimals)} ${currency.superTokenSymbol}`, {
        address: currency.superToken,
        abi: superTokenAbi,
        functionName: "approve",
        args: [licenses, fee],
      });
      if (!approved) return;
    }
    await send(`Buy the license “${name}”`, {
      address: licenses,
      abi: licenseTokenAbi,
      functionName: "buyLicense",
      args: [ipId, termsId, fee],
    });
  };

  return (
    <div className="buy">
      <button type="button" disabled={busy || !address} onClick={() => void buy()}>
        Buy license “{name}”{fee > 0n ? ` for ${formatAmount(fee, currency.decimals)} ${currency.superTokenSymbol}` : ""}
      </button>
      {!address ? <p className="muted">Connect a wallet to buy.</p> : null}
      <TxStatus state={state} />
    </div>
  );
}
