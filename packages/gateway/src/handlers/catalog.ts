import { licensePrice, type Offer } from "@ipnft/protocol/terms";
import { describeTerms } from "@ipnft/protocol/terms-words";
import { parseIpId, type Work } from "@ipnft/protocol/works";
import type { MachineReadableLinks, OfferForSale, WorkTerms } from "../api";
import { parseCid } from "../content/cid";
import type { GatewayContext } from "../context";
import { errorResponse, jsonResponse } from "../http";
import {
  legalTextUrl,
  RSL_MEDIA_TYPE,
  robotsTxt,
  rslDocument,
  tdmHeaders,
  tdmPolicy,
  tdmrepWellKnown,
  workUrls,
} from "../machine-licenses";

/**
 * The public catalog, readable without a wallet: each work's certificate and terms (JSON), its licenses in the
 * formats crawlers and AI pipelines read (RSL, TDMRep, robots.txt), and the public metadata and previews.
 */

const minute = "public, max-age=60";

/** GET /api/works/:ipId/terms: the certificate and the terms on offer, in JSON and in words. */
export async function workTerms(ctx: GatewayContext, request: Request, { ipId }: Params): Promise<Response> {
  const found = await findWork(ctx, ipId);
  if ("response" in found) return found.response;
  const { work } = found;
  const body: WorkTerms = {
    ipId: work.ipId,
    cid: work.cid,
    contentHash: work.contentHash,
    metadataCid: work.metadataCid,
    creator: work.creator,
    owner: work.owner,
    birthTime: work.birthTime,
    offers: work.offers.map((o) => offerForSale(ctx, o, work, request)),
    machineReadable: machineReadable(ctx, work, request),
  };
  return jsonResponse(200, body, tdmHeaders(work, ctx.licenseContext(request)));
}

/** GET /api/works/:ipId/license.rsl: RSL 1.0 license document of one work. */
export async function workRsl(ctx: GatewayContext, request: Request, { ipId }: Params): Promise<Response> {
  const found = await findWork(ctx, ipId);
  if ("response" in found) return found.response;
  return new Response(rslDocument([found.work], ctx.licenseContext(request)), {
    headers: { "content-type": `${RSL_MEDIA_TYPE}; charset=utf-8`, "cache-control": minute },
  });
}

/** GET /api/works/:ipId/tdm-policy.json: TDMRep ODRL policy of one work (404 when it offers no AI training). */
export async function workTdmPolicy(ctx: GatewayContext, request: Request, { ipId }: Params): Promise<Response> {
  const found = await findWork(ctx, ipId);
  if ("response" in found) return found.response;
  const policy = tdmPolicy(found.work, ctx.licenseContext(request));
  if (!policy) {
    const reason = `IP ${found.work.ipId} offers no AI-training license: text and data mining is reserved.`;
    return errorResponse(404, "no_tdm_offer", reason);
  }
  return new Response(JSON.stringify(policy, null, 2), {
    headers: { "content-type": "application/ld+json", "cache-control": minute },
  });
}

/** GET /api/license.rsl: RSL 1.0 document of the whole catalog, where robots.txt's License line points. */
export async function catalogRsl(ctx: GatewayContext, request: Request): Promise<Response> {
  return new Response(rslDocument(await ctx.reader.all(), ctx.licenseContext(request)), {
    headers: { "content-type": `${RSL_MEDIA_TYPE}; charset=utf-8`, "cache-control": minute },
  });
}

/** GET /.well-known/tdmrep.json: W3C TDMRep, mining reserved on every work, with each work's policy. */
export async function tdmrep(ctx: GatewayContext, request: Request): Promise<Response> {
  return new Response(JSON.stringify(tdmrepWellKnown(await ctx.reader.all(), ctx.licenseContext(request)), null, 2), {
    headers: { "content-type": "application/json", "cache-control": minute },
  });
}

/** GET /robots.txt with RSL's License line (Next's robots API has no License field, hence a route). */
export async function robots(ctx: GatewayContext, request: Request): Promise<Response> {
  return new Response(robotsTxt(ctx.originOf(request)), { headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** GET /api/metadata/:cid: public metadata JSON by CID. */
export async function metadata(ctx: GatewayContext, _request: Request, { cid }: Params): Promise<Response> {
  return publicBlob(ctx, "metadata", cid);
}

/** GET /api/previews/:cid: a public low-resolution preview by CID (never an original). */
export async function preview(ctx: GatewayContext, _request: Request, { cid }: Params): Promise<Response> {
  return publicBlob(ctx, "previews", cid);
}

type Params = Record<string, string>;

async function publicBlob(ctx: GatewayContext, shelf: "metadata" | "previews", cidText: string): Promise<Response> {
  const stored = parseCid(cidText) ? await ctx.store.get(shelf, cidText) : undefined;
  if (!stored) {
    return errorResponse(
      404,
      "not_found",
      `No ${shelf === "previews" ? "preview" : "metadata"} is stored under that CID.`,
    );
  }
  return new Response(ctx.store.stream(shelf, stored.cid), {
    headers: {
      "content-type": stored.mediaType,
      "content-length": String(stored.size),
      // Content-addressed: the bytes under a CID never change.
      "cache-control": "public, max-age=31536000, immutable",
      etag: `"${stored.cid}"`,
      "x-content-type-options": "nosniff",
    },
  });
}

/** The work an URL names by its IP id, or the 404 that says why there is none. */
export async function findWork(
  ctx: GatewayContext,
  ipIdText: string,
): Promise<{ work: Work } | { response: Response }> {
  const ipId = parseIpId(ipIdText);
  if (ipId === undefined) {
    return { response: errorResponse(404, "unknown_work", "Works are named by their IP id, a positive whole number.") };
  }
  const work = await ctx.reader.work(ipId);
  if (!work) return { response: errorResponse(404, "unknown_work", `No work is registered as IP ${ipId}.`) };
  return { work };
}

/** An offer as the catalog and refusals show it: its terms in words and how to buy it on chain. */
export function offerForSale(ctx: GatewayContext, offer: Offer, work: Work, request: Request): OfferForSale {
  const { deployment, addresses } = ctx;
  const { terms } = offer;
  return {
    termsId: offer.termsId,
    salesOpen: offer.salesOpen,
    sold: offer.sold,
    summary: describeTerms(terms, ctx.licenseContext(request).currency),
    terms,
    legalTextUrl: legalTextUrl(ctx.originOf(request), terms.legalTextURI),
    buy: {
      chainId: deployment.chainId,
      contract: addresses.licenses,
      function: "buyLicense(uint256 ipId, uint256 termsId, uint256 maxFee)",
      args: [work.ipId, offer.termsId, licensePrice(terms)],
      pay: {
        token: deployment.currency.superToken,
        symbol: deployment.currency.superTokenSymbol,
        approve: { spender: addresses.licenses, amount: licensePrice(terms) },
      },
      ...(terms.minStreamRate > 0n
        ? { thenStream: { token: deployment.currency.superToken, minFlowRatePerSecond: terms.minStreamRate } }
        : {}),
      ...(terms.pricePerUnit > 0n
        ? { metered: { pricePerFile: terms.pricePerUnit, maxUnpaidFiles: terms.maxUnpaidUnits } }
        : {}),
    },
  };
}

export function machineReadable(ctx: GatewayContext, work: Work, request: Request): MachineReadableLinks {
  const urls = workUrls(ctx.originOf(request), work.ipId);
  return { rsl: urls.rsl, tdmPolicy: urls.tdmPolicy, terms: urls.terms };
}
