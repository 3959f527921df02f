import { presetLegalDocuments } from "@ipnft/protocol/legal";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LicenseDocument } from "./LicenseDocument";

describe("a terms' license document on the work page", () => {
  it("offers a content-addressed document in a collapsed section, with its download from /api/legal/<cid>", () => {
    const { cid } = presetLegalDocuments[4];
    const html = renderToStaticMarkup(<LicenseDocument uri={`ipfs://${cid}`} />);
    expect(html).toMatch(/^<details class="license-document"/);
    expect(html).not.toContain("<details open");
    expect(html).toContain("Read the license document");
    expect(html).toContain(`href="/api/legal/${cid}" download=""`);
    expect(html).not.toContain("<pre"); // nothing is fetched or shown before the reader opens it
  });

  it("links a web URL as it is, and shows nothing more for a name that is no address", () => {
    const web = renderToStaticMarkup(<LicenseDocument uri="https://law.example/licence.pdf" />);
    expect(web).toContain('href="https://law.example/licence.pdf" rel="noopener noreferrer nofollow"');
    expect(renderToStaticMarkup(<LicenseDocument uri="urn:ipnft:terms:custom:v1" />)).toBe("");
    expect(renderToStaticMarkup(<LicenseDocument uri="javascript:alert(1)" />)).toBe("");
  });
});
