import { licenseTokenAbi } from "@ipnft/protocol/abis";
import { describeTerms } from "@ipnft/protocol/terms-words";
import { accountLicenses } from "@ipnft/protocol/verbs/licenses";
import type { HeldLicense, LicenseListing, UnmeteredUsage } from "../api";
import type { GatewayContext } from "../context";
import { errorResponse, jsonResponse, limitedBody } from "../http";
import { workUrls } from "../machine-licenses";
import { rateLimit } from "../quota";
import { authenticate } from "./auth";

/**
 * The licensee's views, for the signed-in browser or a signed request: the licenses it holds with what they grant
 * now, its metered usage and the receipts to sign, and where signed receipts are handed in.
 */

/** GET /api/licenses: every license token the caller holds, with what it grants now. */
export async function licenses(ctx: GatewayContext, request: Request): Promise<Response> {
  const who = await authenticate(request, ctx);
  if (!who.ok) return who.response;
  const { client, addresses, deployment, reader, store, ledger } = ctx;
  const account = who.account;
  const block = await ctx.access.latestBlock();
  const read = { address: addresses.licenses, abi: licenseTokenAbi, blockNumber: block } as const;
  // The one list of an account's licenses (the protocol's verb), read at the block access is judged at.
  const held = await accountLicenses(client, deployment, account, { blockNumber: block });
  const currency = ctx.licenseContext(request).currency;
  const entries = await Promise.all(
    held.map(async (license): Promise<HeldLicense> => {
      const { licenseId, ipId } = license;
      const [work, terms, grants] = await Promise.all([
        reader.work(ipId),
        reader.terms(license.termsId),
        Promise.all(
          ([0, 1, 2] as const).map((use) =>
            client.readContract({ ...read, functionName: "licenseGrants", args: [licenseId, use] }),
          ),
        ),
      ]);
      const stored = work ? await store.get("originals", work.cid) : undefined;
      return {
        licenseId,
        ipId,
        termsId: license.termsId,
        start: license.start,
        expiry: license.expiry,
        grants: { training: grants[0], commercial: grants[1], derivative: grants[2] },
        terms,
        summary: describeTerms(terms, currency),
        work: work && {
          cid: work.cid,
          contentHash: work.contentHash,
          creator: work.creator,
          metadataCid: work.metadataCid,
          stored: Boolean(stored),
          size: stored?.size,
          mediaType: stored?.mediaType,
          contentUrl: workUrls(ctx.originOf(request), ipId).content,
        },
        usage: (await ledger.usage(licenseId, account)) ?? null,
      };
    }),
  );
  const body: LicenseListing = { account, chainId: deployment.chainId, block, licenses: entries };
  return jsonResponse(200, body);
}

/** GET /api/usage: the caller's usage per license and, where metered, the receipts it should sign. */
export async function usage(ctx: GatewayContext, request: Request): Promise<Response> {
  const who = await authenticate(request, ctx);
  if (!who.ok) return who.response;
  if (ctx.metering) return ctx.metering.statusResponse(who.account);
  const body: UnmeteredUsage = { account: who.account, metered: false, usage: await ctx.ledger.byAccount(who.account) };
  return jsonResponse(200, body);
}

/** POST /api/usage/receipts: signed cumulative usage receipts from the licensee. */
export async function submitReceipts(ctx: GatewayContext, request: Request): Promise<Response> {
  const who = await authenticate(request, ctx);
  if (!who.ok) return who.response;
  if (!ctx.metering) {
    return errorResponse(503, "metering_unavailable", "This deployment has no usage meter to settle receipts with.");
  }
  // Bounded before any signature is recovered: a rate per account, a body size and a count per request, so a
  // flood of junk receipts costs the gateway little and other clients nothing.
  const { perRequest, postsPerMinute, maxBodyBytes } = ctx.limits.receipts;
  const limited = await rateLimit(ctx, "receipts", who.account, postsPerMinute);
  if (limited) return limited;
  const tooLarge = (reason: string) =>
    errorResponse(413, "receipts_too_large", reason, { maxBytes: maxBodyBytes, maxReceipts: perRequest });
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBodyBytes) {
    return tooLarge(`A receipts body may have at most ${maxBodyBytes} bytes.`);
  }
  const body = limitedBody(request, maxBodyBytes);
  let parsed: { receipts?: unknown };
  try {
    parsed = (await body.request.json()) as typeof parsed;
  } catch {
    if (body.exceeded()) return tooLarge(`A receipts body may have at most ${maxBodyBytes} bytes.`);
    return errorResponse(
      400,
      "malformed_receipts",
      "Send JSON { receipts: [{ licenseId, cumulativeUnits, signature }] }.",
    );
  }
  if (!Array.isArray(parsed?.receipts) || parsed.receipts.length === 0) {
    return errorResponse(
      400,
      "malformed_receipts",
      "Send JSON { receipts: [{ licenseId, cumulativeUnits, signature }] }.",
    );
  }
  if (parsed.receipts.length > perRequest) {
    return tooLarge(`Send at most ${perRequest} receipts per request; only the latest per license matters.`);
  }
  return ctx.metering.submitResponse(parsed.receipts, who.account);
}
