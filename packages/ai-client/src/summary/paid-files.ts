import type { PaidFilesAnswer } from "@ipnft/gateway/api";
import type { LicensedItem } from "./training-summary";

/**
 * The summary's items for files paid per request with x402, from the gateway's one record of them
 * (`GET /api/x402/paid-files`): the licenses page and the agent's summary both read that list and turn it into items
 * here, so a paid file is described the same way wherever the summary is built. Import-safe from browser code.
 */
export function itemsFromPaidFiles(answer: Pick<PaidFilesAnswer, "files">, gateway = ""): LicensedItem[] {
  return answer.files.map((f) => ({
    cid: f.cid,
    sha256: f.sha256,
    size: f.size ?? 0,
    mediaType: f.mediaType ?? "application/octet-stream",
    ipId: f.ipId,
    termsId: f.termsId ?? "",
    terms: f.terms,
    ...(f.legalTextURI ? { legalTextURI: f.legalTextURI } : {}),
    rightsholder: f.creator,
    kind: f.kind,
    obtainedAt: f.at,
    settlements: [{ kind: "x402_payment" as const, tx: f.transaction }],
    // The gateway serves every original with `tdm-reservation: 1` and links its RSL (machine-licenses.ts).
    tdm: { reservation: "1", rsl: `${gateway}/api/works/${f.ipId}/license.rsl` },
  }));
}

/**
 * `items` with the paid files added that they do not already hold: an item recorded by the client itself (with the
 * headers it was served with) wins over the gateway's record of the same settlement.
 */
export function withPaidFiles<T extends LicensedItem>(items: T[], paid: LicensedItem[]): (T | LicensedItem)[] {
  const known = new Set(items.flatMap((i) => i.settlements.filter((s) => s.kind === "x402_payment").map((s) => s.tx)));
  const missing = paid.filter((p) => !p.settlements.some((s) => known.has(s.tx)));
  return [...items, ...missing];
}
