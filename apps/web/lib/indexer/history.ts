import { groupDigits, shortAddress } from "@ipnft/protocol/format";
import type { Money } from "@ipnft/protocol/terms";
import { money, perMonth } from "@ipnft/protocol/terms-words";

/** One row of a work's history as the indexer keeps it (`event`): the contract event's name and arguments. */
export interface HistoryRow {
  id: string;
  name: string;
  actor: string | null;
  amount: bigint | null;
  data: unknown;
  time: bigint;
  block: bigint;
  tx: string;
}

const zero = /^0x0{40}$/i;
const arg = (data: unknown, key: string): string | undefined => {
  const value = data && typeof data === "object" ? (data as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
};
const who = (address: string | null | undefined) => (address ? shortAddress(address) : "someone");

/**
 * A history row in words, or null for rows the page leaves out (the IP-NFT's mint, which its registration tells).
 * Amounts are in the deployment's currency; unknown events still show their name, never a blank.
 */
export function historyWords(row: HistoryRow, m: Money): { what: string; detail: string } | null {
  const d = row.data;
  const amount = row.amount ?? 0n;
  switch (row.name) {
    case "IPRegistered":
      return { what: "Registered (birth certificate)", detail: `by ${who(row.actor)}` };
    case "Transfer":
      if (zero.test(arg(d, "from") ?? "")) return null;
      return { what: "IP-NFT transferred", detail: `from ${who(arg(d, "from"))} to ${who(arg(d, "to"))}` };
    case "ParentLinked":
      return {
        what: "Registered as a derivative",
        detail: `of IP #${arg(d, "parentIpId")} under license #${arg(d, "licenseId")}`,
      };
    case "TermsAttached":
      return { what: "Terms offered", detail: `terms #${arg(d, "termsId")}` };
    case "SalesStopped":
      return { what: "License sales stopped", detail: `terms #${arg(d, "termsId")}` };
    case "SalesResumed":
      return { what: "License sales resumed", detail: `terms #${arg(d, "termsId")}` };
    case "LicensePurchased":
      return {
        what: "License sold",
        detail: `license #${arg(d, "licenseId")} to ${who(row.actor)} for ${money(amount, m)}`,
      };
    case "LicenseTransferred":
      return { what: "License transferred", detail: `license #${arg(d, "tokenId")} to ${who(arg(d, "to"))}` };
    case "SharesEnabled":
      return { what: "Revenue shares enabled", detail: `by ${who(row.actor)}` };
    case "SaleOpened":
      return { what: "Shares put on sale", detail: `${arg(d, "amount") ?? "?"} shares by ${who(row.actor)}` };
    case "SaleClosed":
      return { what: "Share sale closed", detail: `by ${who(row.actor ?? arg(d, "creator"))}` };
    case "SharesBought":
      return { what: "Shares bought", detail: `${groupDigits(amount)} by ${who(row.actor)}` };
    case "SharesTransferred":
      return {
        what: "Shares transferred",
        detail: `${groupDigits(amount)} from ${who(row.actor)} to ${who(arg(d, "to"))}`,
      };
    case "StreamOpened":
    case "StreamUpdated":
      return {
        what: row.name === "StreamOpened" ? "Royalty stream opened" : "Royalty stream changed",
        detail: `by ${who(row.actor)}, ${perMonth(amount, m)}`,
      };
    case "StreamClosed":
      return { what: "Royalty stream closed", detail: `by ${who(row.actor)}` };
    case "UsagePaid":
      return { what: "Metered usage paid", detail: `${arg(d, "units") ?? "?"} files, ${money(amount, m)}` };
    case "DisputeOpened":
      return {
        what: "Disputed",
        detail: `dispute #${arg(d, "disputeId")} by ${who(row.actor)}, bond ${money(amount, m)}`,
      };
    case "DisputeUpheld":
      return { what: "Dispute upheld: flagged for good", detail: `dispute #${arg(d, "disputeId")}` };
    case "DisputeRejected":
      return { what: "Dispute rejected", detail: `dispute #${arg(d, "disputeId")}, bond to ${who(arg(d, "owner"))}` };
    case "DisputeExpired":
      return { what: "Dispute closed without a ruling", detail: `dispute #${arg(d, "disputeId")}` };
    default:
      return { what: row.name.replace(/([a-z])([A-Z])/g, "$1 $2"), detail: row.actor ? `by ${who(row.actor)}` : "" };
  }
}
