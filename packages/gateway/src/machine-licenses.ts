import { legalDocumentCid, legalDocumentPath } from "@ipnft/protocol/legal";
import type { Currency, Offer } from "@ipnft/protocol/terms";
import { describeTerms } from "@ipnft/protocol/terms-words";
import type { Work } from "@ipnft/protocol/works";
import { type Address, formatUnits } from "viem";

/**
 * The terms of every work in the formats crawlers and AI pipelines already read, generated from the
 * on-chain terms (never written by hand):
 * - RSL 1.0 (Really Simple Licensing) XML, one `<license>` per offer, discoverable from robots.txt;
 * - W3C TDMRep: `tdm-reservation` / `tdm-policy` headers, `/.well-known/tdmrep.json`, and an ODRL
 *   policy per work;
 * - robots.txt with RSL's `License:` line.
 * The exact on-chain numbers travel in an extension namespace, so a buyer needs nothing else.
 */
export const RSL_NAMESPACE = "https://rslstandard.org/rsl";
/** Our extension: how to buy each offer on chain (RSL readers ignore unknown namespaces). */
export const ONCHAIN_NAMESPACE = "urn:ipnft:license:onchain:1";
export const RSL_MEDIA_TYPE = "application/rsl+xml";

export interface LicenseContext {
  /** Public origin of the gateway, e.g. https://gallery.example */
  origin: string;
  chainId: number;
  licenseToken: Address;
  currency: Currency;
}

export const workUrls = (origin: string, ipId: bigint) => ({
  content: `${origin}/api/works/${ipId}/content`,
  rsl: `${origin}/api/works/${ipId}/license.rsl`,
  tdmPolicy: `${origin}/api/works/${ipId}/tdm-policy.json`,
  terms: `${origin}/api/works/${ipId}/terms`,
});
export const siteRslUrl = (origin: string) => `${origin}/api/license.rsl`;

/**
 * Where terms' legal text can be read: this gateway's copy of a content-addressed document (`ipfs://<cid>` →
 * `<origin>/api/legal/<cid>`), a web URL as it is; undefined for a name that is no address (a URN).
 */
export function legalTextUrl(origin: string, legalTextURI: string): string | undefined {
  const cid = legalDocumentCid(legalTextURI);
  if (cid) return `${origin}${legalDocumentPath(cid)}`;
  return /^https?:\/\/\S+$/i.test(legalTextURI) ? legalTextURI : undefined;
}

const xml = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");

/** RSL amounts are ISO 4217: a USD stablecoin's SuperToken is priced in USD; anything else is not claimed. */
function isoCurrency(currency: Currency): string | undefined {
  return /USD/i.test(currency.symbol) ? "USD" : undefined;
}

const THIRTY_DAYS = 30n * 24n * 3600n;

/**
 * RSL payment of an offer. An offer can combine an upfront fee, a stream and metering; RSL's payment
 * types name one model, so the one a licensee meets first is named and every figure is in the
 * on-chain extension.
 */
function payment(offer: Offer, ctx: LicenseContext): string {
  const { terms } = offer;
  const currency = isoCurrency(ctx.currency);
  const amount = (wei: bigint) =>
    currency ? `<amount currency="${currency}">${formatUnits(wei, ctx.currency.decimals)}</amount>` : "";
  let type: string;
  let body = "";
  if (terms.minStreamRate > 0n) {
    type = "subscription"; // a stream: the amount is what 30 days of the minimum rate cost
    body = amount(terms.minStreamRate * THIRTY_DAYS);
  } else if (terms.upfrontFee > 0n) {
    type = terms.aiTrainingAllowed ? "training" : "purchase";
    body = amount(terms.upfrontFee);
  } else if (terms.pricePerUnit > 0n) {
    type = "crawl"; // metered: per file served
    body = amount(terms.pricePerUnit);
  } else {
    type = "free";
  }
  const onchain =
    `<ipnft:buy chainId="${ctx.chainId}" contract="${ctx.licenseToken}" function="buyLicense(uint256,uint256,uint256)" ` +
    `termsId="${offer.termsId}" token="${ctx.currency.superToken}" upfrontFee="${terms.upfrontFee}" ` +
    `minStreamRate="${terms.minStreamRate}" pricePerUnit="${terms.pricePerUnit}" maxUnpaidUnits="${terms.maxUnpaidUnits}" ` +
    `duration="${terms.duration}" maxLicenses="${terms.maxLicenses}" derivativeRoyaltyBps="${terms.derivativeRoyaltyBps}" ` +
    `legalTextURI="${xml(terms.legalTextURI)}"/>`;
  // The legal text is a custom license (RSL's <custom>): the document itself, readable over HTTP.
  const url = legalTextUrl(ctx.origin, terms.legalTextURI);
  const custom = url ? `<custom>${xml(url)}</custom>` : "";
  return `<payment type="${type}">${custom}${body}${onchain}</payment>`;
}

function licenseElement(offer: Offer, ctx: LicenseContext): string {
  const { terms } = offer;
  const lines = [
    `      <!-- terms ${offer.termsId}: ${xml(describeTerms(terms, ctx.currency)).replace(/--/g, "- -")} -->`,
    "      <license>",
    terms.aiTrainingAllowed
      ? '        <permits type="usage">ai-train</permits>'
      : '        <prohibits type="usage">ai-train</prohibits>',
    terms.commercialUse
      ? '        <permits type="user">commercial</permits>'
      : '        <prohibits type="user">commercial</prohibits>',
    `        ${payment(offer, ctx)}`,
    terms.attributionRequired ? '        <legal type="attribution">Credit the creator of the work.</legal>' : "",
    "      </license>",
  ];
  return lines.filter(Boolean).join("\n");
}

function contentElement(work: Work, ctx: LicenseContext): string {
  const urls = workUrls(ctx.origin, work.ipId);
  const open = work.offers.filter((o) => o.salesOpen);
  const licenses = open.length
    ? open.map((o) => licenseElement(o, ctx))
    : ['      <license>\n        <prohibits type="usage">all</prohibits>\n      </license>'];
  return [
    `  <content url="${xml(urls.content)}" lastmod="${new Date(work.birthTime * 1000).toISOString()}">`,
    `    <copyright type="person" contactUrl="${xml(`${ctx.origin}/works/${work.ipId}`)}">${work.creator}</copyright>`,
    `    <terms>${xml(urls.terms)}</terms>`,
    ...licenses,
    "  </content>",
  ].join("\n");
}

/** An RSL document for one work, or for the whole catalog. */
export function rslDocument(works: Work[], ctx: LicenseContext): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<rsl xmlns="${RSL_NAMESPACE}" xmlns:ipnft="${ONCHAIN_NAMESPACE}">`,
    ...works.map((w) => contentElement(w, ctx)),
    "</rsl>",
    "",
  ].join("\n");
}

/**
 * The TDMRep ODRL policy of a work: mining is reserved (rights holder opts out of the EU TDM
 * exception) and offered against compensation under the work's training terms, if it has any.
 */
export function tdmPolicy(work: Work, ctx: LicenseContext): Record<string, unknown> | undefined {
  const training = work.offers.filter((o) => o.salesOpen && o.terms.aiTrainingAllowed);
  if (training.length === 0) return undefined;
  const urls = workUrls(ctx.origin, work.ipId);
  return {
    "@context": ["http://www.w3.org/ns/odrl.jsonld", { tdm: "http://www.w3.org/ns/tdmrep#" }],
    "@type": "Offer",
    profile: "http://www.w3.org/ns/tdmrep",
    uid: urls.tdmPolicy,
    assigner: { uid: `did:pkh:eip155:${ctx.chainId}:${work.owner}` },
    permission: training.map((offer) => ({
      target: urls.content,
      action: "tdm:mine",
      duty: [{ action: "compensate" }],
      "tdm:license": {
        rsl: urls.rsl,
        termsId: offer.termsId.toString(),
        summary: describeTerms(offer.terms, ctx.currency),
        legalText: legalTextUrl(ctx.origin, offer.terms.legalTextURI),
      },
    })),
  };
}

/** TDMRep response headers of a work's content (and of every gateway answer about it). */
export function tdmHeaders(work: Work, ctx: LicenseContext): Record<string, string> {
  const urls = workUrls(ctx.origin, work.ipId);
  const headers: Record<string, string> = {
    "tdm-reservation": "1",
    link: `<${urls.rsl}>; rel="license"; type="${RSL_MEDIA_TYPE}"`,
  };
  if (tdmPolicy(work, ctx)) headers["tdm-policy"] = urls.tdmPolicy;
  return headers;
}

/**
 * TDMRep headers of a download: reservation and the RSL link, which need no read of the offers (the
 * policy, when there is one, is named in tdmrep.json, the RSL and the terms document).
 */
export function downloadTdmHeaders(ipId: bigint, origin: string): Record<string, string> {
  return { "tdm-reservation": "1", link: `<${workUrls(origin, ipId).rsl}>; rel="license"; type="${RSL_MEDIA_TYPE}"` };
}

/** `/.well-known/tdmrep.json`: every work reserved, each with its policy when it offers training. */
export function tdmrepWellKnown(works: Work[], ctx: LicenseContext): Array<Record<string, unknown>> {
  const entries: Array<Record<string, unknown>> = works.map((work) => {
    const policy = tdmPolicy(work, ctx);
    return {
      location: `/api/works/${work.ipId}/content`,
      "tdm-reservation": 1,
      ...(policy ? { "tdm-policy": workUrls(ctx.origin, work.ipId).tdmPolicy } : {}),
    };
  });
  // Anything else under the works and previews is reserved too, policy or not.
  entries.push(
    { location: "/api/works/*", "tdm-reservation": 1 },
    { location: "/api/previews/*", "tdm-reservation": 1 },
  );
  return entries;
}

/** robots.txt: crawl the catalog, not the gated originals; the terms are in the RSL file. */
export function robotsTxt(origin: string): string {
  return [
    "User-agent: *",
    "Allow: /",
    "Disallow: /api/works/*/content",
    "Disallow: /api/auth/",
    "Disallow: /api/usage",
    "",
    `License: ${siteRslUrl(origin)}`,
    "",
  ].join("\n");
}
