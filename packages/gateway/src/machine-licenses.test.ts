import { presetLegalDocuments } from "@ipnft/protocol/legal";
import type { Offer, Terms } from "@ipnft/protocol/terms";
import type { Work } from "@ipnft/protocol/works";
import { parseUnits, zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import {
  type LicenseContext,
  legalTextUrl,
  robotsTxt,
  rslDocument,
  tdmHeaders,
  tdmPolicy,
  tdmrepWellKnown,
} from "./machine-licenses";

const ctx: LicenseContext = {
  origin: "https://gallery.example",
  chainId: 31337,
  licenseToken: "0x00000000000000000000000000000000000000Aa",
  currency: { superToken: "0x00000000000000000000000000000000000000Bb", symbol: "fUSDx", decimals: 18 },
};

const base: Terms = {
  commercialUse: false,
  derivativesAllowed: false,
  aiTrainingAllowed: false,
  attributionRequired: true,
  transferable: false,
  duration: 0,
  maxLicenses: 0,
  derivativeRoyaltyBps: 0,
  minStreamRate: 0n,
  minStreamPeriod: 0,
  upfrontFee: 0n,
  currency: zeroAddress,
  pricePerUnit: 0n,
  maxUnpaidUnits: 0n,
  legalTextURI: "ipfs://legal?a=1&b=<2>",
};
const offer = (termsId: bigint, terms: Partial<Terms>, salesOpen = true): Offer => ({
  termsId,
  terms: { ...base, ...terms },
  salesOpen,
  sold: 0,
});
const work = (offers: Offer[]): Work => ({
  ipId: 7n,
  creator: "0x1111111111111111111111111111111111111111",
  owner: "0x2222222222222222222222222222222222222222",
  contentHash: `0x${"ab".repeat(32)}`,
  cid: "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
  metadataCid: "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
  birthTime: 1_800_000_000,
  kind: "Work",
  c2paManifestHash: `0x${"00".repeat(32)}`,
  royaltyBps: 500,
  parents: [],
  offers,
});

const flatTraining = offer(2n, { aiTrainingAllowed: true, upfrontFee: parseUnits("10", 18), duration: 30 * 86400 });
const streamed = offer(3n, {
  aiTrainingAllowed: true,
  minStreamRate: 385_802_469_135n,
  pricePerUnit: parseUnits("0.01", 18),
  maxUnpaidUnits: 100n,
});
const commercialOnly = offer(1n, {
  commercialUse: true,
  derivativesAllowed: true,
  derivativeRoyaltyBps: 1000,
  upfrontFee: parseUnits("5", 18),
});

/** A strict well-formedness check: balanced tags, quoted attributes, only the five entities. */
function assertWellFormedXml(text: string): void {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, "").replace(/<!--[\s\S]*?-->/g, "");
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const between = body.slice(last, m.index);
    if (/[<>]/.test(between)) throw new Error(`stray markup before ${m[0]}: ${between}`);
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(between + m[3])) throw new Error(`bad entity near ${m[0]}`);
    last = tag.lastIndex;
    if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`mismatched </${m[2]}>`);
    } else if (!m[4]) stack.push(m[2]);
  }
  if (stack.length) throw new Error(`unclosed <${stack.join(">, <")}>`);
  if (body.slice(last).trim()) throw new Error("text after the root element");
}

describe("RSL generated from the on-chain terms", () => {
  it("is well-formed XML in the RSL namespace with a license per offer on sale", () => {
    const doc = rslDocument(
      [work([flatTraining, streamed, commercialOnly, offer(9n, { aiTrainingAllowed: true }, false)])],
      ctx,
    );
    assertWellFormedXml(doc);
    expect(doc).toContain('<rsl xmlns="https://rslstandard.org/rsl"');
    expect(doc).toContain('<content url="https://gallery.example/api/works/7/content"');
    expect(doc.match(/<license>/g)).toHaveLength(3);
    expect(doc).not.toContain('termsId="9"');
  });

  it("permits AI training only where the terms allow it, and says how to buy", () => {
    const doc = rslDocument([work([flatTraining])], ctx);
    expect(doc).toContain('<permits type="usage">ai-train</permits>');
    expect(doc).toContain('<payment type="training">');
    expect(doc).toContain('<amount currency="USD">10</amount>');
    expect(doc).toContain(`contract="${ctx.licenseToken}" function="buyLicense(uint256,uint256,uint256)" termsId="2"`);
    expect(doc).toContain(`upfrontFee="${parseUnits("10", 18)}"`);

    const noTraining = rslDocument([work([commercialOnly])], ctx);
    expect(noTraining).toContain('<prohibits type="usage">ai-train</prohibits>');
    expect(noTraining).toContain('<permits type="user">commercial</permits>');
    expect(noTraining).toContain('<payment type="purchase">');
  });

  it("prices a streamed license as a subscription per 30 days and keeps the metering price", () => {
    const doc = rslDocument([work([streamed])], ctx);
    expect(doc).toContain('<payment type="subscription">');
    expect(doc).toContain(`minStreamRate="385802469135"`);
    expect(doc).toContain(`pricePerUnit="${parseUnits("0.01", 18)}"`);
  });

  it("prohibits everything for a work with nothing on sale", () => {
    expect(rslDocument([work([])], ctx)).toContain('<prohibits type="usage">all</prohibits>');
  });

  it("escapes what the terms contain", () => {
    const doc = rslDocument([work([flatTraining])], ctx);
    expect(doc).toContain('legalTextURI="ipfs://legal?a=1&amp;b=&lt;2&gt;"');
    assertWellFormedXml(doc);
  });

  it("links each license to its legal text as RSL's custom license: the gateway's copy of an ipfs:// document", () => {
    const { cid } = presetLegalDocuments[4];
    const doc = rslDocument([work([offer(5n, { aiTrainingAllowed: true, legalTextURI: `ipfs://${cid}` })])], ctx);
    expect(doc).toContain(`<custom>https://gallery.example/api/legal/${cid}</custom>`);
    expect(doc).toContain(`legalTextURI="ipfs://${cid}"`);
    assertWellFormedXml(doc);
    const web = rslDocument(
      [work([offer(6n, { commercialUse: true, legalTextURI: "https://law.example/l?a=1&b=2" })])],
      ctx,
    );
    expect(web).toContain("<custom>https://law.example/l?a=1&amp;b=2</custom>");
    const urn = rslDocument(
      [work([offer(7n, { commercialUse: true, legalTextURI: "urn:ipnft:terms:custom:v1" })])],
      ctx,
    );
    expect(urn).not.toContain("<custom>");
  });
});

describe("legal text links", () => {
  it("point an ipfs:// document to /api/legal/<cid>, keep a web URL, and give nothing for a URN or a bad CID", () => {
    const { cid } = presetLegalDocuments[0];
    expect(legalTextUrl(ctx.origin, `ipfs://${cid}`)).toBe(`https://gallery.example/api/legal/${cid}`);
    expect(legalTextUrl(ctx.origin, "https://law.example/licence.pdf")).toBe("https://law.example/licence.pdf");
    expect(legalTextUrl(ctx.origin, "urn:ipnft:terms:custom:v1")).toBeUndefined();
    expect(legalTextUrl(ctx.origin, "ipfs://legal?a=1&b=<2>")).toBeUndefined();
    expect(legalTextUrl(ctx.origin, "javascript:alert(1)")).toBeUndefined();
  });

  it("the TDMRep policy names the legal text of each training offer", () => {
    const { cid } = presetLegalDocuments[1];
    const policy = tdmPolicy(work([offer(2n, { aiTrainingAllowed: true, legalTextURI: `ipfs://${cid}` })]), ctx);
    const [permission] = (policy?.permission ?? []) as Array<{ "tdm:license": { legalText?: string } }>;
    expect(permission["tdm:license"].legalText).toBe(`https://gallery.example/api/legal/${cid}`);
  });
});

describe("TDMRep", () => {
  it("reserves mining on every work and points to a policy only where training is offered", () => {
    expect(tdmHeaders(work([flatTraining]), ctx)).toMatchObject({
      "tdm-reservation": "1",
      "tdm-policy": "https://gallery.example/api/works/7/tdm-policy.json",
    });
    const headers = tdmHeaders(work([commercialOnly]), ctx);
    expect(headers["tdm-reservation"]).toBe("1");
    expect(headers["tdm-policy"]).toBeUndefined();
    expect(headers.link).toBe(
      '<https://gallery.example/api/works/7/license.rsl>; rel="license"; type="application/rsl+xml"',
    );
  });

  it("writes an ODRL offer of tdm:mine against compensation", () => {
    const policy = tdmPolicy(work([flatTraining]), ctx);
    expect(policy).toMatchObject({ "@type": "Offer", profile: "http://www.w3.org/ns/tdmrep" });
    expect(policy?.permission).toEqual([
      expect.objectContaining({
        action: "tdm:mine",
        target: "https://gallery.example/api/works/7/content",
        duty: [{ action: "compensate" }],
      }),
    ]);
    expect(tdmPolicy(work([commercialOnly]), ctx)).toBeUndefined();
  });

  it("lists every work in /.well-known/tdmrep.json", () => {
    const entries = tdmrepWellKnown([work([flatTraining]), { ...work([commercialOnly]), ipId: 8n }], ctx);
    expect(entries).toContainEqual({
      location: "/api/works/7/content",
      "tdm-reservation": 1,
      "tdm-policy": "https://gallery.example/api/works/7/tdm-policy.json",
    });
    expect(entries).toContainEqual({ location: "/api/works/8/content", "tdm-reservation": 1 });
  });
});

describe("robots.txt", () => {
  it("has RSL's License line and keeps crawlers off the gated originals", () => {
    const robots = robotsTxt("https://gallery.example");
    expect(robots).toMatch(/^License: https:\/\/gallery\.example\/api\/license\.rsl$/m);
    expect(robots).toMatch(/^Disallow: \/api\/works\/\*\/content$/m);
  });
});
