import type { Use } from "@ipnft/protocol/terms";
import type { Certificate } from "@ipnft/protocol/works";
import {
  decodePaymentSignatureHeader,
  encodePaymentRequiredHeader,
  encodePaymentResponseHeader,
} from "@x402/core/http";
import type { PaymentPayload, PaymentRequired, PaymentRequirements } from "@x402/core/types";
import { type Address, getAddress } from "viem";
import type { ErrorCode, X402Offer } from "../api";
import type { StoredFile } from "../content/store";
import type { GatewayContext } from "../context";
import { machineReadable, offerForSale } from "../handlers/catalog";
import { byteSpan, errorResponse, parseRange, type RangeVerdict, unsatisfiable } from "../http";
import { tdmHeaders } from "../machine-licenses";
import { clientAddressOf, limitPaidRequests } from "./paid-limits";

/** x402 v2 headers. */
export const x402Headers = {
  required: "payment-required",
  signature: "payment-signature",
  response: "payment-response",
  /** Ours, not x402's: lets the payer fetch the rest of a file it paid for (see resume-token.ts). */
  resume: "x-paid-file-token",
} as const;

const DAY_MS = 24 * 3600_000;

/**
 * The download handler's x402 hook, for a request the chain gives no license for. Undefined when the gateway takes
 * no x402 payments or the work has no pay-per-file offer for the use (the handler answers as before). Otherwise:
 * without a payment, 402 with `PAYMENT-REQUIRED` and the offers (licenses and this one) in the body; with a payment,
 * the payment is checked against this file's own offer, settled on chain, recorded, and only then are the bytes
 * served, with `PAYMENT-RESPONSE`. A payment that fails any check is a 402 with the reason, and nothing is served.
 * `Range` is honoured (206) and the answer carries `X-Paid-File-Token`, with which the payer fetches the rest of the
 * file without paying again (resume-token.ts); the payment itself settles once and is refused as a replay after.
 * Paid requests are rate-limited per network address and per payer (paid-limits.ts).
 */
export async function paidDownload(
  ctx: GatewayContext,
  request: Request,
  certificate: Certificate,
  use: Use,
  stored: StoredFile,
  headers: Headers,
): Promise<Response | undefined> {
  const payPerFile = ctx.payPerFile;
  if (!payPerFile) return undefined;
  const work = await ctx.reader.work(certificate.ipId);
  const offer = work && payPerFile.offerOf(work, use);
  if (!work || !offer) return undefined;
  const requirements = await payPerFile.requirements(work, offer);
  const resource = {
    url: `${ctx.originOf(request)}/api/works/${work.ipId}/content?use=${use}`,
    description: `One file of IP ${work.ipId} (${certificate.cid}) for ${use}`,
    mimeType: stored.mediaType,
  };

  const ask = (error: ErrorCode, reason: string) => {
    const paymentRequired: PaymentRequired = { x402Version: 2, error: reason, resource, accepts: [requirements] };
    const x402: X402Offer = { x402Version: 2, resource, accepts: [requirements] };
    const body = {
      ipId: work.ipId,
      use,
      offers: work.offers.filter((o) => o.salesOpen).map((o) => offerForSale(ctx, o, work, request)),
      machineReadable: machineReadable(ctx, work, request),
      x402,
    };
    const h = new Headers(tdmHeaders(work, ctx.licenseContext(request)));
    h.set(x402Headers.required, encodePaymentRequiredHeader(paymentRequired));
    return errorResponse(402, error, reason, body, h);
  };

  const range = parseRange(request.headers.get("range"), stored.size);
  const header = request.headers.get(x402Headers.signature);
  const token = request.headers.get(x402Headers.resume);
  if (!header && !token) {
    return ask(
      "license_required",
      `IP ${work.ipId} is sold per file: pay ${requirements.amount} units of ${requirements.asset} with x402 ` +
        "(PAYMENT-SIGNATURE), or buy a license below.",
    );
  }
  // Counted before anything else is read: a flood from one address costs one database statement per request.
  const perAddress = await limitPaidRequests(
    ctx,
    { address: clientAddressOf(request) },
    payPerFile.limits.perAddressPerMinute,
  );
  if (perAddress) return perAddress;

  if (!header) {
    const checked = payPerFile.tokens.check(token ?? "", Date.now());
    if (!checked.ok) return ask("payment_refused", checked.reason);
    const { grant } = checked;
    if (grant.ipId !== work.ipId.toString() || grant.cid !== stored.cid || grant.use !== use) {
      return ask("payment_refused", `The paid-file token was issued for another file, not IP ${work.ipId} for ${use}.`);
    }
    if (range.kind === "unsatisfiable") return unsatisfiable(stored.size);
    const { count } = await ctx.state.hit(`x402-resume:${grant.transaction}`, DAY_MS, Date.now());
    if (count > payPerFile.maxResumes) {
      return ask(
        "payment_refused",
        `The paid-file token was used ${payPerFile.maxResumes} times already: pay for the file again.`,
      );
    }
    return servePaid(ctx, request, stored, range, headers);
  }
  // A payment buys bytes: a HEAD (no body) never settles one.
  if (request.method === "HEAD")
    return ask("payment_refused", "A payment is taken with GET only: HEAD serves no bytes.");
  // A range outside the file is refused before any money moves.
  if (range.kind === "unsatisfiable") return unsatisfiable(stored.size);
  let payload: PaymentPayload;
  try {
    payload = decodePaymentSignatureHeader(header);
  } catch {
    return ask("payment_refused", "The PAYMENT-SIGNATURE header is not an x402 payment.");
  }
  if (!sameRequirements(payload.accepted, requirements)) {
    return ask(
      "payment_refused",
      `The payment does not match the offer for this file (amount, asset, payee, network or scheme): IP ${work.ipId} ` +
        `costs ${requirements.amount} of ${requirements.asset} paid to ${requirements.payTo} on ${requirements.network}.`,
    );
  }
  if (payload.resource?.url && new URL(payload.resource.url).pathname !== new URL(resource.url).pathname) {
    return ask("payment_refused", `The payment was made for ${payload.resource.url}, not for IP ${work.ipId}.`);
  }
  if (await payPerFile.used(payload)) {
    return ask(
      "payment_refused",
      "This payment authorization was already used: each payment settles once. To fetch the rest of a file paid " +
        `for, send the ${x402Headers.resume} header of the paid answer instead of the payment.`,
    );
  }
  const verified = await payPerFile.facilitator.verify(payload, requirements);
  if (!verified.isValid) return ask("payment_refused", `The payment is not valid: ${verified.invalidReason}.`);
  // Counted once the signature is known good, so nobody spends another payer's allowance with forged payments.
  const perPayer = await limitPaidRequests(
    ctx,
    { payer: verified.payer ?? "unknown" },
    payPerFile.limits.perPayerPerMinute,
  );
  if (perPayer) return perPayer;
  const settled = await payPerFile.facilitator.settle(payload, requirements).catch((error: Error) => ({
    success: false as const,
    errorReason: error.name,
    transaction: "",
    network: requirements.network,
    payer: verified.payer,
  }));
  if (!settled.success) {
    return ask("payment_refused", `The payment could not be settled: ${settled.errorReason ?? "unknown reason"}.`);
  }

  const payer = getAddress((settled.payer ?? verified.payer) as Address);
  await payPerFile.record({
    ipId: work.ipId.toString(),
    payer,
    payTo: getAddress(requirements.payTo as Address),
    asset: getAddress(requirements.asset as Address),
    amount: requirements.amount,
    network: requirements.network,
    transaction: settled.transaction,
    cid: stored.cid,
    at: new Date().toISOString(),
  });
  payPerFile.distribute(getAddress(requirements.payTo as Address), work);
  headers.set(x402Headers.response, encodePaymentResponseHeader(settled));
  const grant = { transaction: settled.transaction, ipId: work.ipId.toString(), cid: stored.cid, use };
  headers.set(x402Headers.resume, payPerFile.tokens.issue(grant, Date.now()));
  return servePaid(ctx, request, stored, range, headers);
}

/** The paid file's bytes: the whole file (200) or the range asked for (206). */
function servePaid(
  ctx: GatewayContext,
  request: Request,
  stored: StoredFile,
  range: Exclude<RangeVerdict, { kind: "unsatisfiable" }>,
  headers: Headers,
): Response {
  const partial = range.kind === "partial";
  const { start, end } = byteSpan(range, stored.size);
  headers.set("content-length", String(stored.size === 0 ? 0 : end - start + 1));
  if (partial) headers.set("content-range", `bytes ${start}-${end}/${stored.size}`);
  const status = partial ? 206 : 200;
  if (stored.size === 0 || request.method === "HEAD") return new Response(null, { status, headers });
  return new Response(ctx.store.stream("originals", stored.cid, { start, end }), { status, headers });
}

/** The server takes only its own offer: every field of what the client accepted must be what it asked for. */
function sameRequirements(accepted: PaymentRequirements | undefined, ours: PaymentRequirements): boolean {
  if (!accepted) return false;
  const norm = (r: PaymentRequirements) =>
    JSON.stringify([
      r.scheme,
      r.network,
      r.asset.toLowerCase(),
      r.amount,
      r.payTo.toLowerCase(),
      r.maxTimeoutSeconds,
      r.extra?.name,
      r.extra?.version,
    ]);
  return norm(accepted) === norm(ours);
}
