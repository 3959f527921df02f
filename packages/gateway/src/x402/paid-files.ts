import { describeTerms } from "@ipnft/protocol/terms-words";
import type { PaidFile, PaidFileListing } from "../api";
import type { GatewayContext } from "../context";
import { authenticate } from "../handlers/auth";
import { jsonResponse } from "../http";

/**
 * GET /api/x402/paid-files: the files the caller paid for one at a time with x402, from the gateway's record of
 * settled payments (`x402_payments`), each with its work, its pay-per-file terms in words and its settlement
 * transaction. Authenticated as the licensee's views are (a session cookie or a signed request): an account sees its
 * own payments only. The licenses page's training-data summary and the agent's (MCP) summary read it.
 */
export async function paidFiles(ctx: GatewayContext, request: Request): Promise<Response> {
  const who = await authenticate(request, ctx);
  if (!who.ok) return who.response;
  const payments = (await ctx.payPerFile?.paymentsOf(who.account)) ?? [];
  const currency = ctx.licenseContext(request).currency;
  const files = await Promise.all(
    payments.map(async (p): Promise<PaidFile> => {
      const ipId = BigInt(p.ipId);
      const [work, stored] = await Promise.all([ctx.reader.work(ipId), ctx.store.get("originals", p.cid)]);
      const offer = work && ctx.payPerFile?.offerOf(work, "training");
      return {
        ipId,
        cid: p.cid,
        sha256: work?.contentHash ?? stored?.sha256 ?? "",
        size: stored?.size ?? null,
        mediaType: stored?.mediaType ?? null,
        creator: work?.creator ?? p.payTo,
        kind: work?.kind ?? "Work",
        termsId: offer?.termsId ?? null,
        terms: offer ? describeTerms(offer.terms, currency) : "Paid per file (x402).",
        legalTextURI: offer?.terms.legalTextURI ?? null,
        amount: p.amount,
        asset: p.asset,
        payTo: p.payTo,
        network: p.network,
        transaction: p.transaction,
        at: p.at,
      };
    }),
  );
  const body: PaidFileListing = { account: who.account, chainId: ctx.deployment.chainId, files };
  return jsonResponse(200, body);
}
