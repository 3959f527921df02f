import type { Offer, Use } from "@ipnft/protocol/terms";
import type { Certificate, Work } from "@ipnft/protocol/works";
import {
  decodePaymentSignatureHeader,
  encodePaymentRequiredHeader,
  encodePaymentResponseHeader,
} from "@x402/core/http";
import type { PaymentPayload, PaymentRequired, PaymentRequirements } from "@x402/core/types";
import { type Address, getAddress, type Hex } from "viem";
import type { ErrorCode, X402Offer } from "../api";
import { markSignedCopy, servedCopyFor } from "../c2pa/licensed-download";
import type { PaymentStatement } from "../c2pa/sign";
import type { StoredFile } from "../content/store";
import type { GatewayContext } from "../context";
import { machineReadable, offerForSale } from "../handlers/catalog";
import { byteSpan, errorResponse, parseRange, unsatisfiable } from "../http";
import { tdmHeaders } from "../machine-licenses";
import { clientAddressOf, limitPaidRequests } from "./paid-limits";
import type { PaidDownload } from "./pay-per-file";

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
 * Paid requests are rate-limited per network address and per payer (paid-limits.ts). A JPEG or PNG leaves with the
 * gateway's C2PA manifest naming the payment (payer, settlement, amount, asset, terms), signed once per payment: a
 * resume gets a range of the same bytes; `?original=1` serves the registered ones.
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
    if (range.kind === "unsatisfiable" && !ctx.credentials.signs(stored.mediaType)) return unsatisfiable(stored.size);
    const { count } = await ctx.state.hit(`x402-resume:${grant.transaction}`, DAY_MS, Date.now());
    if (count > payPerFile.maxResumes) {
      return ask(
        "payment_refused",
        `The paid-file token was used ${payPerFile.maxResumes} times already: pay for the file again.`,
      );
    }
    const copy = await servedCopyFor(ctx, request, stored, paidCopyKey(grant), async () => {
      const paid = grant.payer ? await payPerFile.paymentsOf(grant.payer as Address) : [];
      const payment = paid.find((p) => p.transaction === grant.transaction);
      if (!payment) throw new Error(`no recorded x402 payment ${grant.transaction} of ${grant.payer}`);
      return paymentStatement(ctx, work, offer, payment, stored.sha256);
    });
    return servePaid(ctx, request, paidBytes(headers, stored, copy), headers, grant.served);
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
  const payment: PaidDownload = {
    ipId: work.ipId.toString(),
    payer,
    payTo: getAddress(requirements.payTo as Address),
    asset: getAddress(requirements.asset as Address),
    amount: requirements.amount,
    network: requirements.network,
    transaction: settled.transaction,
    cid: stored.cid,
    at: new Date().toISOString(),
  };
  await payPerFile.record(payment);
  payPerFile.distribute(getAddress(requirements.payTo as Address), work);
  headers.set(x402Headers.response, encodePaymentResponseHeader(settled));
  const grant = { transaction: settled.transaction, ipId: work.ipId.toString(), cid: stored.cid, use, payer };
  // A JPEG or PNG leaves with the gateway's C2PA manifest naming this payment (signed once per payment and file).
  const copy = await servedCopyFor(ctx, request, stored, paidCopyKey(grant), async () =>
    paymentStatement(ctx, work, offer, payment, stored.sha256),
  );
  const bytes = paidBytes(headers, stored, copy);
  headers.set(x402Headers.resume, payPerFile.tokens.issue({ ...grant, served: bytes.sha256 }, Date.now()));
  return servePaid(ctx, request, bytes, headers);
}

/** The key of a paid file's signed copy: one per payment and file, so every resume of that payment gets its bytes. */
const paidCopyKey = (grant: { transaction: string; cid: string }) => `x402:${grant.transaction}:${grant.cid}`;

/** What a paid file's C2PA manifest states: the IP-NFT, the payer, the settlement and the pay-per-file terms. */
function paymentStatement(
  ctx: GatewayContext,
  work: Work,
  offer: Offer,
  paid: PaidDownload,
  certificateHash: Hex,
): PaymentStatement {
  return {
    kind: "payment",
    chainId: ctx.deployment.chainId,
    registry: ctx.addresses.registry,
    ipId: work.ipId,
    termsId: offer.termsId,
    termsUri: offer.terms.legalTextURI || undefined,
    payer: paid.payer,
    transaction: paid.transaction,
    amount: paid.amount,
    asset: paid.asset,
    payTo: paid.payTo,
    network: paid.network,
    cid: paid.cid,
    sha256: certificateHash,
  };
}

/** The bytes a payment gets: the signed copy (with its own ETag and `x-served-sha256`) or the stored original. */
function paidBytes(headers: Headers, stored: StoredFile, copy: Uint8Array | undefined) {
  if (!copy) return { file: stored, sha256: stored.sha256.toLowerCase(), copy };
  const marked = markSignedCopy(headers, stored, copy);
  return { file: marked.served, sha256: marked.sha256, copy };
}

/**
 * The paid file's bytes: the whole file (200) or the range asked for (206). A resume must not splice two different
 * files: when the bytes now are not the ones first served under the payment (`sameAs`, from the token: a copy signed
 * again on another gateway or after the cache let it go) or not the ones the client's `If-Range` names, the whole
 * file is sent with 200 instead of a range, as RFC 9110 asks for a failed If-Range.
 */
function servePaid(
  ctx: GatewayContext,
  request: Request,
  bytes: ReturnType<typeof paidBytes>,
  headers: Headers,
  sameAs?: string,
): Response {
  const { file, copy } = bytes;
  let range = parseRange(request.headers.get("range"), file.size);
  const ifRange = request.headers.get("if-range");
  const changed =
    (sameAs !== undefined && sameAs.toLowerCase() !== bytes.sha256) ||
    (ifRange?.startsWith('"') && ifRange !== headers.get("etag"));
  if (changed) range = { kind: "whole" };
  if (range.kind === "unsatisfiable") return unsatisfiable(file.size);
  const partial = range.kind === "partial";
  const { start, end } = byteSpan(range, file.size);
  headers.set("content-length", String(file.size === 0 ? 0 : end - start + 1));
  if (partial) headers.set("content-range", `bytes ${start}-${end}/${file.size}`);
  const status = partial ? 206 : 200;
  if (file.size === 0 || request.method === "HEAD") return new Response(null, { status, headers });
  const body = copy
    ? new Blob([copy.slice(start, end + 1)]).stream()
    : ctx.store.stream("originals", file.cid, { start, end });
  return new Response(body, { status, headers });
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
