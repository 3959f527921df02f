import { describe, expect, it } from "vitest";
import { DRAFT_NOTICE, type LicensedItem, modalityOf, trainingSummary } from "./training-summary";

const item = (over: Partial<LicensedItem>): LicensedItem => ({
  cid: "bafkreia",
  sha256: "0xaa",
  size: 100,
  mediaType: "image/png",
  ipId: "1",
  licenseId: "1",
  termsId: "2",
  terms: "AI training allowed for a flat fee",
  legalTextURI: "urn:ipnft:terms:ai-training-flat-fee:v1",
  rightsholder: "0x00000000000000000000000000000000000000A1",
  kind: "Work",
  obtainedAt: "2026-11-02T10:00:00.000Z",
  settlements: [{ kind: "license_purchase", tx: "0x01" }],
  tdm: { reservation: "1", rsl: "http://gw/api/works/1/license.rsl" },
  ...over,
});

const items: LicensedItem[] = [
  item({}),
  item({
    cid: "bafkreib",
    ipId: "2",
    licenseId: "2",
    mediaType: "text/plain",
    size: 50,
    obtainedAt: "2026-11-01T00:00:00Z",
  }),
  item({
    cid: "bafkreic",
    ipId: "3",
    licenseId: undefined,
    termsId: "5",
    terms: "AI training, pay per file",
    mediaType: "audio/mpeg",
    size: 1_000,
    rightsholder: "0x00000000000000000000000000000000000000b2",
    kind: "Dataset",
    obtainedAt: "2026-11-20T00:00:00Z",
    settlements: [{ kind: "x402_payment", tx: "0x02" }],
    tdm: undefined,
  }),
];

describe("the training-data summary (AI Act Art. 53(1)(d), template of 24 July 2025)", () => {
  const summary = trainingSummary({ chainId: 31337, items, generatedAt: "2026-11-30T00:00:00Z" });

  it("is marked as a draft for the provider's legal review and names the Commission's template", () => {
    expect(summary.status).toBe(DRAFT_NOTICE);
    expect(summary.status).toBe("Draft for the provider's legal review");
    expect(summary.template.published).toBe("2025-07-24");
    expect(summary.template.legalBasis).toMatch(/Article 53\(1\)\(d\)/);
  });

  it("counts rightsholders by address whatever the letter case, works, files and bytes", () => {
    const l = summary.licensedFromRightsholders;
    expect(l.concludedLicensingAgreements).toBe(true);
    expect(l.rightsholders).toBe(2);
    expect([l.works, l.files, l.bytes]).toEqual([3, 3, 1_150]);
  });

  it("groups by the template's modalities and by kind of work", () => {
    expect(summary.licensedFromRightsholders.modalities).toEqual([
      { modality: "text", files: 1, bytes: 50 },
      { modality: "image", files: 1, bytes: 100 },
      { modality: "audio", files: 1, bytes: 1_000 },
    ]);
    expect(summary.licensedFromRightsholders.kinds).toEqual([
      { kind: "Work", works: 2 },
      { kind: "Dataset", works: 1 },
    ]);
  });

  it("spans the period from the first file obtained to the last, and lists each set of terms once", () => {
    expect(summary.licensedFromRightsholders.period).toEqual({
      from: "2026-11-01T00:00:00Z",
      to: "2026-11-20T00:00:00Z",
    });
    expect(summary.licensedFromRightsholders.terms.map((t) => [t.termsId, t.files])).toEqual([
      ["2", 2],
      ["5", 1],
    ]);
  });

  it("lists every file with its CID, IP, license and settlement transaction, and counts each transaction once", () => {
    const list = summary.verifiableList.items;
    expect(list.map((i) => [i.cid, i.ipId, i.licenseId, i.settlements[0].tx])).toEqual([
      ["bafkreib", "2", "2", "0x01"],
      ["bafkreia", "1", "1", "0x01"],
      ["bafkreic", "3", undefined, "0x02"],
    ]);
    expect(summary.licensedFromRightsholders.acquisition).toEqual([
      { kind: "license_purchase", transactions: 1 },
      { kind: "x402_payment", transactions: 1 },
    ]);
  });

  it("says how TDM reservations were honoured, counting files served with and without one", () => {
    expect(summary.tdmReservations.filesWithReservation).toBe(2);
    expect(summary.tdmReservations.filesWithoutDeclaration).toBe(1);
    expect(summary.tdmReservations.honoured).toMatch(/2 of 3 file\(s\)/);
  });

  it("counts a file recorded twice under the same license once", () => {
    const twice = trainingSummary({ chainId: 1, items: [item({}), item({ obtainedAt: "2026-11-03T00:00:00Z" })] });
    expect(twice.licensedFromRightsholders.files).toBe(1);
  });

  it("says no licensing agreement was concluded when nothing was licensed", () => {
    const none = trainingSummary({ chainId: 1, items: [] });
    expect(none.licensedFromRightsholders.concludedLicensingAgreements).toBe(false);
    expect(none.licensedFromRightsholders.period).toBeNull();
  });

  it("reads modalities from media types", () => {
    expect(["image/webp", "text/markdown", "application/pdf", "video/mp4", "application/gzip"].map(modalityOf)).toEqual(
      ["image", "text", "text", "video", "other"],
    );
  });
});
