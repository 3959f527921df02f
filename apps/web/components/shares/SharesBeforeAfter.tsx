import { groupDigits, shortAddress } from "@ipnft/protocol/format";
import type { Address } from "viem";

/** Every IP's share token has this many shares, with no decimals (`ShareToken.SUPPLY`). */
const SHARES = 1_000_000n;

export interface ParentShare {
  ipId: bigint;
  royaltyBps: number;
}

/**
 * Who receives a work's income before its revenue shares exist and after they are enabled, in words, so that the
 * owner (the only account, with its approved operators, that may enable them) knows what the button changes.
 */
export function SharesBeforeAfter({ owner, parents }: { owner: Address; parents: readonly ParentShare[] }) {
  const parentShares = parents.map((p) => ({ ...p, shares: (SHARES * BigInt(p.royaltyBps)) / 10_000n }));
  const ownerShares = SHARES - parentShares.reduce((sum, p) => sum + p.shares, 0n);
  const count = (n: bigint) => groupDigits(n);
  return (
    <dl className="before-after">
      <dt>Now</dt>
      <dd>
        License fees and metered usage go to the owner, {shortAddress(owner)}.{" "}
        {parents.length
          ? "Resale royalties wait at the address the work's share token will have, so its parent works are paid once shares exist."
          : "Resale royalties go to the owner too."}
      </dd>
      <dt>With revenue shares</dt>
      <dd>
        {count(SHARES)} shares are created: {count(ownerShares)} to the owner
        {parentShares.map((p) => `, ${count(p.shares)} to the holders of work #${p.ipId} (its ${p.royaltyBps / 100}%)`)}
        . Every fee, stream and metered payment is then split among whoever holds shares, in proportion, in real time;
        the owner can sell shares to fans. Only the owner, or an account it approved, can enable them.
      </dd>
    </dl>
  );
}
