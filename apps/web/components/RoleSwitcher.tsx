"use client";
import { type DevRole, devRoles } from "@ipnft/protocol/deployment";
import { useAccount } from "wagmi";
import { useDeployment } from "@/hooks/useDeployment";
import { LOCAL_CHAIN_ID, roleLabels, switchDevRole } from "@/lib/dev-wallet";

/**
 * Lets a newcomer act as the artist, the AI company or a fan; shown only for the dev wallet, on the local chain. The role
 * shown is the one whose account is connected, so it can never disagree with the wallet.
 */
export function RoleSwitcher() {
  const { address, connector, isConnected } = useAccount();
  const { chainId, devAccounts } = useDeployment();
  if (chainId !== LOCAL_CHAIN_ID || !isConnected || connector?.id !== "devWallet" || !devAccounts) return null;
  const role = devRoles.find((r) => devAccounts[r].toLowerCase() === address?.toLowerCase()) ?? "artist";
  return (
    <label className="role-switcher">
      <span>Acting as</span>
      <select value={role} onChange={(event) => switchDevRole(event.target.value as DevRole)}>
        {devRoles.map((r) => (
          <option key={r} value={r}>
            {roleLabels[r]}
          </option>
        ))}
      </select>
    </label>
  );
}
