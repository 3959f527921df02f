import { licenseTokenAbi } from "@ipnft/protocol/abis";
import { isUse, termsAllow, type Use, uses } from "@ipnft/protocol/terms";
import { disputeWords, parseIpId, type Work } from "@ipnft/protocol/works";
import type { Address } from "viem";
import { downloadHeaders, type LicenseDoesNotCover, type LicenseRequired, type UncoveringLicense } from "../api";
import { copyChunks, licensedCopyFor, markSignedCopy } from "../c2pa/licensed-download";
import type { StoredFile } from "../content/store";
import type { GatewayContext } from "../context";
import { isDatabaseUnavailable } from "../db/unavailable";
import { byteSpan, errorResponse, parseRange, type RangeVerdict, unsatisfiable } from "../http";
import { downloadTdmHeaders, tdmHeaders } from "../machine-licenses";
import { meteredStream } from "../metering/metered-stream";
import { givesNoCredit } from "../metering/metered-terms";
import type { UsageRecord } from "../metering/usage-ledger";
import { paidDownload } from "../x402/paid-download";
import { authenticate } from "./auth";
import { machineReadable, offerForSale } from "./catalog";

/**
 * The gated, metered download: where a license turns into bytes. GET or HEAD /api/works/:ipId/content?use=...
 * serves the original to a wallet whose license covers the use (the chain's `hasAccess`, asked at the latest
 * block), counts what actually leaves for metering, and ends a long download when access ends mid-way.
 */
export async function content(ctx: GatewayContext, request: Request, { ipId: ipIdText }: Params): Promise<Response> {
  const { reader, store, access, limits } = ctx;
  // Only the certificate (immutable, cached) is read here: a download costs no chain round trip
  // beyond the access check itself.
  const ipId = parseIpId(ipIdText);
  const certificate = ipId === undefined ? undefined : await reader.certificate(ipId);
  if (!certificate) {
    const reason =
      ipId === undefined
        ? "Works are named by their IP id, a positive whole number."
        : `No work is registered as IP ${ipId}.`;
    return errorResponse(404, "unknown_work", reason);
  }
  const use = new URL(request.url).searchParams.get("use") ?? "training";
  if (!isUse(use)) return errorResponse(400, "unknown_use", `use must be one of ${uses.join(", ")}.`);
  const stored = await store.get("originals", certificate.cid);
  if (!stored) {
    const reason = `IP ${certificate.ipId} is registered, but its file (${certificate.cid}) is not stored on this gateway.`;
    return errorResponse(404, "content_not_stored", reason);
  }
  if (stored.sha256.toLowerCase() !== certificate.contentHash.toLowerCase()) {
    // The registered hash and the stored bytes disagree: serving would hand out the wrong work.
    const reason = `The stored file does not have the SHA-256 IP ${certificate.ipId} was registered with.`;
    return errorResponse(409, "content_mismatch", reason);
  }
  let range = parseRange(request.headers.get("range"), stored.size);
  const headers = new Headers({
    ...downloadTdmHeaders(certificate.ipId, ctx.originOf(request)),
    "content-type": stored.mediaType,
    "accept-ranges": "bytes",
    etag: `"${stored.cid}"`,
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
    "content-disposition": `attachment; filename="${stored.cid}"`,
    [downloadHeaders.sha256]: stored.sha256,
    [downloadHeaders.cid]: stored.cid,
    [downloadHeaders.ipId]: certificate.ipId.toString(),
  });

  if (!limits.gate) {
    // The benchmark's baseline: the same file through the same stream code, minus every check.
    if (range.kind === "unsatisfiable" || request.method === "HEAD" || stored.size === 0) {
      return serve(ctx, request, stored, range, headers);
    }
    const chunks = store.open("originals", stored.cid, byteSpan(range, stored.size))[Symbol.asyncIterator]();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await chunks.return?.();
      },
    });
    return serve(ctx, request, stored, range, headers, body);
  }

  const who = await authenticate(request, ctx);
  if (!who.ok) return (await paidDownload(ctx, request, certificate, use, stored, headers)) ?? who.response;
  const verdict = await access.check(certificate.ipId, who.account, use);
  if (!verdict.allowed) {
    const paid = await paidDownload(ctx, request, certificate, use, stored, headers);
    if (paid) return paid;
    const work = await reader.work(certificate.ipId);
    if (!work) return errorResponse(404, "unknown_work", `No work is registered as IP ${certificate.ipId}.`);
    return refusal(ctx, work, who.account, use, request);
  }

  if (givesNoCredit(await ctx.licenseTerms(verdict.licenseId))) {
    // Pay-per-file terms are free to get and give no credit: the license alone is worth no file, or many free
    // licenses would be many free files. Each file is paid by x402, exactly as without a license.
    const paid = await paidDownload(ctx, request, certificate, use, stored, headers);
    if (paid) return paid;
    const reason =
      `License ${verdict.licenseId} of IP ${certificate.ipId} is pay per file with no credit: each file is paid ` +
      "with x402, which this gateway does not take for it now.";
    return errorResponse(402, "license_required", reason);
  }
  const admission = await ctx.metering?.admit(verdict.licenseId, who.account);
  if (admission && !admission.ok) return admission.response;
  // The reserved unit goes when the download is in the ledger (the same transaction), or back when nothing was served.
  const release = admission?.release ?? (() => {});
  const reservation = admission?.reservation;

  headers.set(downloadHeaders.licenseId, verdict.licenseId.toString());
  headers.set(downloadHeaders.accessBlock, verdict.block.toString());
  // A licensed JPEG or PNG leaves with the gateway's C2PA manifest (c2pa/licensed-download.ts): other bytes than the
  // registered ones, so they get their own length, range, ETag and SHA-256 header; `sha256` and `cid` stay the work's.
  const copy = await licensedCopyFor(ctx, request, certificate, stored, verdict.licenseId, who.account);
  const served: StoredFile = copy ? markSignedCopy(headers, stored, copy).served : stored;
  if (copy) range = parseRange(request.headers.get("range"), served.size);
  if (range.kind === "unsatisfiable" || request.method === "HEAD") {
    release();
    if (range.kind === "unsatisfiable") return unsatisfiable(served.size);
    return serve(ctx, request, served, range, headers);
  }

  const account = who.account;
  const { start, end } = byteSpan(range, served.size);
  let recorded = false;
  const recordOnce = (sent: number) => {
    if (recorded) return;
    recorded = true;
    if (sent === 0 && stored.size > 0) {
      release(); // failed before any byte: nothing to charge, the unit goes back
      return;
    }
    // The record and the reservation's release are one transaction: the unit is counted in the ledger or still held.
    const entry = {
      account,
      ipId: certificate.ipId.toString(),
      licenseId: verdict.licenseId.toString(),
      cid: stored.cid,
      // Metered in the original's bytes: a whole signed copy counts as one whole file, a part as its share.
      bytes: copy ? Math.round((sent * stored.size) / served.size) : sent,
      fileSize: stored.size,
    };
    const pending = recordServed(ctx, entry, reservation).catch((error) =>
      console.error("gateway: a usage record could not be written:", error),
    );
    ctx.pendingRecords.add(pending);
    void pending.finally(() => ctx.pendingRecords.delete(pending));
  };
  if (stored.size === 0) {
    recordOnce(0);
    return serve(ctx, request, stored, range, headers, null);
  }
  // Counts what actually leaves and re-asks the chain while a long download runs (metering/metered-stream.ts).
  const source = copy ? copyChunks(copy, { start, end }) : store.open("originals", stored.cid, { start, end });
  const chunks = source[Symbol.asyncIterator]();
  const body = meteredStream({
    chunks,
    length: end - start + 1,
    recheckEveryMs: limits.recheckEveryMs,
    recheck: async () => {
      const again = await access.check(certificate.ipId, account, use);
      if (!again.allowed) throw new Error(`access to IP ${certificate.ipId} ended during the download`);
    },
    onEnd: recordOnce,
  });
  return serve(ctx, request, served, range, headers, body);
}

type Params = Record<string, string>;

/**
 * Records a served download; a short database outage does not lose it: the record is retried while the database is
 * unreachable (five times over about half a minute; a clean shutdown waits for it through `pendingRecords`).
 */
export async function recordServed(
  ctx: GatewayContext,
  entry: UsageRecord,
  reservation: string | undefined,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.ledger.record(entry, { reservation });
    } catch (error) {
      if (attempt >= 4 || !isDatabaseUnavailable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt));
    }
  }
}

/** A use as it reads inside a sentence. */
const useNames: Record<Use, string> = {
  training: "AI training",
  commercial: "commercial use",
  derivative: "derivatives",
};

/** Why the chain said no: no license at all (402) or a license that does not cover this (403). */
async function refusal(ctx: GatewayContext, work: Work, account: Address, use: Use, request: Request) {
  const { client, addresses, reader } = ctx;
  const held = await client.readContract({
    address: addresses.licenses,
    abi: licenseTokenAbi,
    functionName: "licensesOf",
    args: [work.ipId, account],
  });
  const refused: Omit<LicenseRequired, "error" | "reason"> = {
    ipId: work.ipId,
    use,
    offers: work.offers.filter((o) => o.salesOpen).map((o) => offerForSale(ctx, o, work, request)),
    machineReadable: machineReadable(ctx, work, request),
  };
  const headers = tdmHeaders(work, ctx.licenseContext(request));
  const useName = useNames[use];
  if (held.length === 0) {
    const covering = work.offers.filter((o) => o.salesOpen && termsAllow(o.terms, use));
    const reason = covering.length
      ? `${account} holds no license of IP ${work.ipId}. Buy one of the offers below that allows ${useName}.`
      : work.dispute
        ? `${account} holds no license of IP ${work.ipId}. ${disputeWords(work.ipId, work.dispute)}`
        : `${account} holds no license of IP ${work.ipId}, and none on sale allows ${useName}.`;
    return errorResponse(402, "license_required", reason, { ...refused }, headers);
  }
  // Expiry is judged by the chain's clock, the one hasAccess used.
  const now = (await client.getBlock({ blockTag: "latest" })).timestamp;
  const licenses = await Promise.all(
    held.map(async (licenseId): Promise<UncoveringLicense> => {
      const license = await client.readContract({
        address: addresses.licenses,
        abi: licenseTokenAbi,
        functionName: "getLicense",
        args: [licenseId],
      });
      const t = await reader.terms(BigInt(license.termsId));
      const expired = license.expiry !== 0 && BigInt(license.expiry) <= now;
      const allowsUse = termsAllow(t, use);
      const problem = !allowsUse
        ? `its terms do not allow ${useName}`
        : expired
          ? "it has expired"
          : t.minStreamRate > 0n
            ? "its royalty stream is not flowing at the minimum rate"
            : t.pricePerUnit > 0n
              ? "its metered usage is unpaid beyond what the terms allow"
              : "its payment conditions are not met";
      return { licenseId, termsId: license.termsId, expiry: license.expiry, expired, allowsUse, problem };
    }),
  );
  const reason = `${account} holds ${licenses.map((l) => `license ${l.licenseId}, but ${l.problem}`).join("; ")}.`;
  const body: Omit<LicenseDoesNotCover, "error" | "reason"> = { ...refused, licenses };
  return errorResponse(403, "license_does_not_cover", reason, { ...body }, headers);
}

export function serve(
  ctx: GatewayContext,
  request: Request,
  stored: StoredFile,
  range: RangeVerdict,
  headers: Headers,
  body?: ReadableStream<Uint8Array> | null,
): Response {
  if (range.kind === "unsatisfiable") return unsatisfiable(stored.size);
  const partial = range.kind === "partial";
  const { start, end } = byteSpan(range, stored.size);
  headers.set("content-length", String(stored.size === 0 ? 0 : end - start + 1));
  if (partial) headers.set("content-range", `bytes ${start}-${end}/${stored.size}`);
  if (request.method === "HEAD") return new Response(null, { status: partial ? 206 : 200, headers });
  let stream = body;
  if (stream === undefined) {
    stream = stored.size === 0 ? null : ctx.store.stream("originals", stored.cid, { start, end });
  }
  return new Response(stream, { status: partial ? 206 : 200, headers });
}
