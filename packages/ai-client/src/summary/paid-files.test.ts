import { describe, expect, it } from "vitest";
import { itemsFromPaidFiles, withPaidFiles } from "./paid-files";
import { trainingSummary } from "./training-summary";

const paidFile = {
  ipId: "7",
  cid: "bafkreipaid",
  sha256: "0xabc",
  size: 1200,
  mediaType: "image/png",
  creator: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  kind: "Work",
  termsId: "5",
  terms: "Allows AI training. Costs 0.05 tUSDCx per file served.",
  legalTextURI: "ipfs://bafkreilegal",
  amount: "50000",
  asset: "0x4A679253410272dd5232B3Ff7cF5dbB88f295319",
  payTo: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  network: "eip155:31337",
  transaction: "0xsettled",
  at: "2026-11-30T17:00:00.000Z",
} as const;

describe("files paid per request (x402) in the training-data summary", () => {
  it("turns the gateway's record into summary items paid by x402, with no license", () => {
    const [item] = itemsFromPaidFiles({ files: [{ ...paidFile }] }, "http://gw");
    expect(item).toMatchObject({
      cid: "bafkreipaid",
      ipId: "7",
      rightsholder: paidFile.creator,
      obtainedAt: paidFile.at,
      settlements: [{ kind: "x402_payment", tx: "0xsettled" }],
      tdm: { reservation: "1", rsl: "http://gw/api/works/7/license.rsl" },
    });
    expect(item.licenseId).toBeUndefined();
    const summary = trainingSummary({ chainId: 31337, items: [item], generatedAt: paidFile.at });
    expect(summary.licensedFromRightsholders.files).toBe(1);
    expect(summary.verifiableList.items[0].settlements).toEqual([{ kind: "x402_payment", tx: "0xsettled" }]);
  });

  it("adds only the paid files the client's own manifest does not hold", () => {
    const paid = itemsFromPaidFiles({
      files: [{ ...paidFile }, { ...paidFile, cid: "bafkreiother", transaction: "0xnew" }],
    });
    const recorded = { ...paid[0], tdm: { reservation: "1", rsl: "http://as-served/license.rsl" } };
    const merged = withPaidFiles([recorded], paid);
    expect(merged.map((i) => i.settlements[0].tx)).toEqual(["0xsettled", "0xnew"]);
    expect(merged[0].tdm?.rsl).toBe("http://as-served/license.rsl");
  });
});
