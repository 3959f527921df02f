import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { identifyFile } from "./content";
import {
  legalDocumentCid,
  legalDocumentPath,
  legalTextUri,
  presetLegalDocument,
  presetLegalDocuments,
  presetLegalTextUris,
} from "./legal";

const legalDir = path.resolve(import.meta.dirname, "../legal");
const bytesOf = (file: string) => new Uint8Array(readFileSync(path.join(legalDir, file)));

describe("the presets' legal documents", () => {
  it("lists every document in packages/protocol/legal, once, and nothing that is not there", () => {
    const onDisk = readdirSync(legalDir).filter((f) => f.endsWith(".md"));
    expect(presetLegalDocuments.map((d) => d.file).sort()).toEqual(onDisk.sort());
  });

  it("names each document by the CID of its bytes (raw CIDv1, SHA-256), so an edited text cannot keep its CID", async () => {
    for (const doc of presetLegalDocuments) {
      const identity = await identifyFile(bytesOf(doc.file));
      expect(identity.cid, doc.file).toBe(doc.cid);
      expect(identity.cid.startsWith("bafkrei"), "a single raw block").toBe(true);
    }
  });

  it("lists the five presets in the order LicenseTerms registers them, the pay-per-file preset last", () => {
    expect(presetLegalDocuments.map((d) => d.preset)).toEqual([
      "No AI training",
      "AI training, flat fee",
      "AI training, streamed and metered",
      "Commercial remix with derivative royalty",
      "AI training, pay per file",
    ]);
    expect(presetLegalTextUris()).toEqual(presetLegalDocuments.map((d) => `ipfs://${d.cid}`));
  });

  it("marks every document as a template for legal review and covers what a licence must say", () => {
    for (const doc of presetLegalDocuments) {
      const text = new TextDecoder().decode(bytesOf(doc.file));
      expect(text, doc.file).toMatch(/^# Licence: /);
      expect(text, doc.file).toContain("Template for legal review");
      for (const heading of ["What the Licensor grants", "What is not granted", "Credit", "Payment", "Term and ending"])
        expect(text, `${doc.file}: ${heading}`).toContain(`. ${heading}`);
      expect(text, doc.file).toContain("Warranties, disclaimer and liability");
      expect(text, doc.file).toContain("Governing terms");
      expect(text, doc.file).toContain("Revenue-share holders");
    }
  });

  it("reads the CID out of an ipfs:// legal text URI, and nothing out of other URIs or malformed CIDs", () => {
    const { cid } = presetLegalDocuments[0];
    expect(legalDocumentCid(legalTextUri(cid))).toBe(cid);
    expect(legalDocumentCid(`ipfs://${cid}/`)).toBe(cid);
    expect(legalDocumentCid("urn:ipnft:terms:no-ai-training:v1")).toBeUndefined();
    expect(legalDocumentCid(`https://example.com/${cid}`)).toBeUndefined();
    expect(legalDocumentCid(`ipfs://${cid}/../../etc/passwd`)).toBeUndefined();
    expect(legalDocumentCid(`ipfs://${cid.toUpperCase()}`)).toBeUndefined();
    expect(legalDocumentCid("ipfs://bafkreinotacid")).toBeUndefined();
  });

  it("finds a shipped document by its CID, and where the gateway serves it", () => {
    const last = presetLegalDocuments[4];
    expect(presetLegalDocument(last.cid)?.file).toBe("ai-training-pay-per-file.md");
    expect(presetLegalDocument("bafkreigewiqpmynq7hwugvigmjrj6pzzwstswpycwuq2ry5vlidfuipxgb")).toBeUndefined();
    expect(legalDocumentPath(last.cid)).toBe(`/api/legal/${last.cid}`);
  });
});
