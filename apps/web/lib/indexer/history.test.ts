import { describe, expect, it } from "vitest";
import { type HistoryRow, historyWords } from "./history";

const m = { symbol: "fUSDx", decimals: 18 };
const alice = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const bob = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const row = (name: string, extra: Partial<HistoryRow> = {}): HistoryRow => ({
  id: "1",
  name,
  actor: null,
  amount: null,
  data: {},
  time: 0n,
  block: 1n,
  tx: "0x",
  ...extra,
});

describe("a work's history in words", () => {
  it("tells the registration as the birth certificate", () => {
    expect(historyWords(row("IPRegistered", { actor: alice }), m)).toEqual({
      what: "Registered (birth certificate)",
      detail: "by 0x7099…79c8",
    });
  });

  it("leaves out the IP-NFT's mint, which the registration tells", () => {
    const mint = row("Transfer", { data: { from: "0x0000000000000000000000000000000000000000", to: alice } });
    expect(historyWords(mint, m)).toBeNull();
  });

  it("tells a transfer with both sides", () => {
    expect(historyWords(row("Transfer", { data: { from: alice, to: bob } }), m)?.detail).toBe(
      "from 0x7099…79c8 to 0x3c44…93bc",
    );
  });

  it("tells a license sale with its buyer and price", () => {
    const sale = row("LicensePurchased", { actor: bob, amount: 2n * 10n ** 18n, data: { licenseId: "7" } });
    expect(historyWords(sale, m)).toEqual({ what: "License sold", detail: "license #7 to 0x3c44…93bc for 2 fUSDx" });
  });

  it("tells a parent link apart from the certificate's 'Derived from'", () => {
    const link = row("ParentLinked", { data: { parentIpId: "3", licenseId: "9" } });
    expect(historyWords(link, m)).toEqual({ what: "Registered as a derivative", detail: "of IP #3 under license #9" });
  });

  it("still names an event it has no words for", () => {
    expect(historyWords(row("SettleSkipped", { actor: alice }), m)).toEqual({
      what: "Settle Skipped",
      detail: "by 0x7099…79c8",
    });
  });
});
