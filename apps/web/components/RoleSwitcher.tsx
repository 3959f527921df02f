"use client";
import { useEffect, useState } from "react";
import { useAccount } from "wagmi";
import { devRoles, type DevRole } from "@/lib/deployment";
import { currentDevRole, roleLabels, switchDevRole } from "@/lib/dev-wallet";

/** Lets a newcomer act as the artist, the AI company or a fan; shown only for the dev wallet. */
export function RoleSwitcher() {
  const { connector, isConnected } = useAccount();
  const [role, setRole] = useState<DevRole>("artist");
  useEffect(() => setRole(currentDevRole()), []);
  if (!isConnected || connector?.id !== "devWallet") return null;
  return (
    <label className="role-switcher">
      <span>Acting as</span>
      <select
        value={role}
        onChange={(event) => {
          const next = event.target.value as DevRole;
          setRole(next);
          switchDevRole(next);
        }}
      >
        {devRoles.map((r) => (
          <option key={r} value={r}>
            {roleLabels[r]}
          </option>
        ))}
      </select>
    </label>
  );
}
