import path from "node:path";
import { type Address, type Hex, type PublicClient, bytesToHex, getAddress, parseAbiItem } from "viem";
import { CID } from "multiformats/cid";
import { licenseTokenAbi } from "@ipnft/protocol/abis";
import { parseCid } from "../content/cid";
import { makePreview } from "../content/preview";
import { judgeMediaType, previewableTypes } from "../content/sniff";
import type { ContentStore, StoredFile } from "../content/store";
import type { Deployment } from "@ipnft/protocol/deployment";
import { type AccessChecker, createAccessChecker } from "./access";
import { authenticate } from "./authenticate";
import { createRequestSignatureVerifier } from "./auth/request-signature";
import { type SiweAuth, createSiweAuth, loadSessionSecret } from "./auth/siwe";
import { errorResponse, jsonResponse } from "./errors";
import { type LicenseContext, RSL_MEDIA_TYPE, downloadTdmHeaders, robotsTxt, rslDocument, tdmHeaders, tdmPolicy, tdmrepWellKnown, workUrls } from "./machine-licenses";
import type { Metering } from "./metering";
import { parseRange } from "./range";
import { type Offer, type Use, termsAllow, uses } from "@ipnft/protocol/terms";
import { type Work } from "@ipnft/protocol/works";
import { describeTerms } from "@ipnft/protocol/terms-words";
import { type UsageLedger, openUsageLedger } from "./usage-ledger";
import { type WorkReader, createWorkReader, parseIpId, protocolAddresses } from "@ipnft/protocol/works";

/**
 * The gateway: where a license turns into bytes. Framework-free — every handler takes a web `Request`
 * and returns a `Response` — so Next's route handlers, the tests and the benchmark's plain `node:http`
 * server all run the same code.
 */
export interface GatewayConfig {
  deployment: Deployment;
  client: PublicClient;
  store: ContentStore;
  /** Sessions, usage journals, receipts: `<dataDir>/gateway` unless told. */
  stateDir?: string;
  /** Largest original accepted, in bytes. */
  maxUploadBytes?: number;
  maxMetadataBytes?: number;
  /** Whether uploading needs a signed-in wallet (default yes: the disk is not a free-for-all). */
  requireAuthForUpload?: boolean;
  /** False serves originals to anyone, unmetered: only the benchmark's baseline does this. */
  gate?: boolean;
  /**
   * The origins this gateway answers as, comma-separated (e.g. "http://127.0.0.1:3000,http://localhost:3000").
   * Sign-in messages must name one of them; links in machine-readable licenses use the one the request
   * came to. By default, the origin of each request.
   */
  publicOrigin?: string;
  /** See AccessChecker. */
  blockNumberTtlMs?: number;
  /** While streaming a large file, re-check access at most this often (ms); a revoked license cuts the stream. */
  recheckEveryMs?: number;
  metering?: (ledger: UsageLedger, reader: WorkReader) => Promise<Metering>;
  /** Seconds since the epoch; tests move it. */
  now?: () => number;
}

export interface Gateway {
  /** Routes any request by its path: what the benchmark server and the tests use. */
  handle(request: Request): Promise<Response>;
  upload(request: Request): Promise<Response>;
  storeMetadata(request: Request): Promise<Response>;
  metadata(request: Request, cid: string): Promise<Response>;
  preview(request: Request, cid: string): Promise<Response>;
  content(request: Request, ipId: string): Promise<Response>;
  terms(request: Request, ipId: string): Promise<Response>;
  workRsl(request: Request, ipId: string): Promise<Response>;
  workTdmPolicy(request: Request, ipId: string): Promise<Response>;
  siteRsl(request: Request): Promise<Response>;
  tdmrep(request: Request): Promise<Response>;
  robots(request: Request): Promise<Response>;
  authNonce(request: Request): Promise<Response>;
  authSignIn(request: Request): Promise<Response>;
  authSignOut(request: Request): Promise<Response>;
  authSession(request: Request): Promise<Response>;
  licenses(request: Request): Promise<Response>;
  usage(request: Request): Promise<Response>;
  submitReceipts(request: Request): Promise<Response>;
  readonly access: AccessChecker;
  readonly ledger: UsageLedger;
  readonly metering: Metering | undefined;
  readonly siwe: SiweAuth;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
const useNames: Record<Use, string> = { training: "AI training", commercial: "commercial use", derivative: "derivatives" };

export async function createGateway(config: GatewayConfig): Promise<Gateway> {
  const { deployment, client, store } = config;
  const stateDir = config.stateDir ?? path.join(store.dataDir, "gateway");
  const maxUploadBytes = config.maxUploadBytes ?? 64 * MiB;
  const maxMetadataBytes = config.maxMetadataBytes ?? 64 * 1024;
  const gate = config.gate ?? true;
  const recheckEveryMs = config.recheckEveryMs ?? 250;
  const deployed = protocolAddresses(deployment);
  if (!deployed) throw new Error("The deployment file has no IPRegistry, LicenseTerms and LicenseToken: deploy the protocol first.");
  const addresses = deployed;
  const reader = createWorkReader(client, addresses);
  const access = createAccessChecker({ client, licenseToken: addresses.licenses, blockNumberTtlMs: config.blockNumberTtlMs });
  const publicOrigins = (config.publicOrigin ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean)
    .map((origin) => new URL(origin));
  /** The public origin a request came to, by its Host header; the first configured one when it names none of them. */
  const publicOriginOf = (request: Request): URL | undefined => {
    const host = request.headers.get("host");
    return publicOrigins.find((origin) => origin.host === host) ?? publicOrigins[0];
  };
  const originOf = (request: Request) => publicOriginOf(request)?.origin ?? new URL(request.url).origin;
  // A request signature names the gateway it was meant for: the public origin this request came to.
  const signatures = createRequestSignatureVerifier({ chainId: deployment.chainId, now: config.now, originOf });
  const siwe = await createSiweAuth({
    chainId: deployment.chainId,
    client,
    secret: await loadSessionSecret(stateDir),
    stateDir,
    now: config.now,
  });
  const ledger = await openUsageLedger(path.join(stateDir, "usage"));
  const metering = config.metering ? await config.metering(ledger, reader) : undefined;
  const auth = { signatures, siwe };
  /** Usage records still being written: closing waits for them, so none is lost on a clean shutdown. */
  const pendingRecords = new Set<Promise<void>>();

  const licenseContext = (request: Request): LicenseContext => ({
    origin: originOf(request),
    chainId: deployment.chainId,
    licenseToken: addresses.licenses,
    currency: { superToken: deployment.currency.superToken, symbol: deployment.currency.superTokenSymbol, decimals: deployment.currency.decimals },
  });

  // ---------------------------------------------------------------- uploads

  async function upload(request: Request): Promise<Response> {
    if (config.requireAuthForUpload ?? true) {
      const who = await authenticate(request, auth);
      if (!who.ok) return who.response;
    }
    if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
      return errorResponse(415, "multipart_required", "Upload the file as multipart/form-data, in a field named \"file\".");
    }
    // Refuse an oversized body before reading it when its length is declared, and while reading it
    // when it is not: the multipart envelope and a metadata field get a small allowance.
    const envelopeAllowance = maxMetadataBytes + 64 * 1024;
    const declared = Number(request.headers.get("content-length") ?? "NaN");
    if (Number.isFinite(declared) && declared > maxUploadBytes + envelopeAllowance) {
      return tooLarge(declared);
    }
    let form: FormData;
    const limited = limitedBody(request, maxUploadBytes + envelopeAllowance);
    try {
      form = await limited.request.formData();
    } catch {
      if (limited.exceeded()) return tooLarge();
      return errorResponse(400, "malformed_upload", "The upload is not a readable multipart form.");
    }
    const file = form.get("file");
    if (!(file instanceof File)) return errorResponse(400, "missing_file", "The form has no file in a field named \"file\".");
    if (file.size === 0) return errorResponse(400, "empty_file", "The file is empty: there is nothing to register.");
    if (file.size > maxUploadBytes) return tooLarge(file.size);
    const bytes = new Uint8Array(await file.arrayBuffer());

    const verdict = judgeMediaType(bytes, file.type || undefined);
    if (!verdict.ok) return errorResponse(415, verdict.error, verdict.reason, verdict.sniffed ? { sniffed: verdict.sniffed, declared: file.type } : {});

    let metadata: StoredFile | undefined;
    const metadataField = form.get("metadata");
    if (typeof metadataField === "string" && metadataField.length > 0) {
      const checked = checkMetadata(new TextEncoder().encode(metadataField));
      if (!checked.ok) return checked.response;
      metadata = (await store.put("metadata", checked.bytes, { mediaType: "application/json" })).file;
    }

    let previewCid: string | undefined;
    if (previewableTypes.has(verdict.mediaType)) {
      const preview = await makePreview(bytes);
      if (!preview.ok) return errorResponse(415, "unreadable_image", preview.reason);
      previewCid = (await store.put("previews", preview.bytes, { mediaType: preview.mediaType })).file.cid;
    }
    const { file: stored, created } = await store.put("originals", bytes, { mediaType: verdict.mediaType, previewCid });
    return jsonResponse(created ? 201 : 200, {
      created,
      ...describeStored(stored, request),
      ...(metadata ? { metadata: describeMetadata(metadata, request) } : {}),
    });
  }

  function tooLarge(size?: number): Response {
    return errorResponse(413, "file_too_large", `Files up to ${maxUploadBytes} bytes are accepted${size ? `; this one is ${size}` : ""}.`, { maxBytes: maxUploadBytes });
  }

  function describeStored(stored: StoredFile, request: Request) {
    const origin = originOf(request);
    // An original stored before its preview was made (say, the same bytes uploaded while the image
    // library refused them) keeps its record: the first record is the one that counts.
    return {
      cid: stored.cid,
      /** The binary CIDv1 `IPRegistry.register` takes. */
      cidBytes: bytesToHex(CID.parse(stored.cid).bytes),
      sha256: stored.sha256,
      size: stored.size,
      mediaType: stored.mediaType,
      ...(stored.previewCid ? { previewCid: stored.previewCid, previewUrl: `${origin}/api/previews/${stored.previewCid}` } : {}),
    };
  }

  function describeMetadata(stored: StoredFile, request: Request) {
    return {
      cid: stored.cid,
      cidBytes: bytesToHex(CID.parse(stored.cid).bytes),
      sha256: stored.sha256,
      url: `${originOf(request)}/api/metadata/${stored.cid}`,
    };
  }

  function checkMetadata(bytes: Uint8Array): { ok: true; bytes: Uint8Array } | { ok: false; response: Response } {
    if (bytes.length === 0) return { ok: false, response: errorResponse(400, "empty_metadata", "The metadata is empty.") };
    if (bytes.length > maxMetadataBytes) {
      return { ok: false, response: errorResponse(413, "metadata_too_large", `Metadata may be at most ${maxMetadataBytes} bytes.`) };
    }
    try {
      const parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    } catch {
      return { ok: false, response: errorResponse(415, "metadata_not_json", "Metadata must be a UTF-8 JSON object.") };
    }
    return { ok: true, bytes };
  }

  async function storeMetadata(request: Request): Promise<Response> {
    if (config.requireAuthForUpload ?? true) {
      const who = await authenticate(request, auth);
      if (!who.ok) return who.response;
    }
    let bytes: Uint8Array;
    const limited = limitedBody(request, maxMetadataBytes);
    try {
      bytes = new Uint8Array(await limited.request.arrayBuffer());
    } catch (error) {
      if (limited.exceeded()) return errorResponse(413, "metadata_too_large", `Metadata may be at most ${maxMetadataBytes} bytes.`);
      throw error;
    }
    const checked = checkMetadata(bytes);
    if (!checked.ok) return checked.response;
    const { file, created } = await store.put("metadata", checked.bytes, { mediaType: "application/json" });
    return jsonResponse(created ? 201 : 200, { created, ...describeMetadata(file, request) });
  }

  // ------------------------------------------------------------ public reads

  async function publicBlob(shelf: "metadata" | "previews", cidText: string): Promise<Response> {
    const stored = parseCid(cidText) ? await store.get(shelf, cidText) : undefined;
    if (!stored) return errorResponse(404, "not_found", `No ${shelf === "previews" ? "preview" : "metadata"} is stored under that CID.`);
    return new Response(store.stream(shelf, stored.cid), {
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

  async function findWork(ipIdText: string): Promise<{ work: Work } | { response: Response }> {
    const ipId = parseIpId(ipIdText);
    if (ipId === undefined) return { response: errorResponse(404, "unknown_work", "Works are named by their IP id, a positive whole number.") };
    const work = await reader.work(ipId);
    if (!work) return { response: errorResponse(404, "unknown_work", `No work is registered as IP ${ipId}.`) };
    return { work };
  }

  function offerForClient(offer: Offer, work: Work, request: Request) {
    const ctx = licenseContext(request);
    return {
      termsId: offer.termsId,
      salesOpen: offer.salesOpen,
      sold: offer.sold,
      summary: describeTerms(offer.terms, ctx.currency),
      terms: offer.terms,
      buy: {
        chainId: deployment.chainId,
        contract: addresses.licenses,
        function: "buyLicense(uint256 ipId, uint256 termsId, uint256 maxFee)",
        args: [work.ipId, offer.termsId, offer.terms.upfrontFee],
        pay: {
          token: deployment.currency.superToken,
          symbol: deployment.currency.superTokenSymbol,
          approve: { spender: addresses.licenses, amount: offer.terms.upfrontFee },
        },
        ...(offer.terms.minStreamRate > 0n
          ? { thenStream: { token: deployment.currency.superToken, minFlowRatePerSecond: offer.terms.minStreamRate } }
          : {}),
        ...(offer.terms.pricePerUnit > 0n
          ? { metered: { pricePerFile: offer.terms.pricePerUnit, maxUnpaidFiles: offer.terms.maxUnpaidUnits } }
          : {}),
      },
    };
  }

  function machineReadable(work: Work, request: Request) {
    const urls = workUrls(originOf(request), work.ipId);
    return { rsl: urls.rsl, tdmPolicy: urls.tdmPolicy, terms: urls.terms };
  }

  async function terms(request: Request, ipIdText: string): Promise<Response> {
    const found = await findWork(ipIdText);
    if ("response" in found) return found.response;
    const { work } = found;
    return jsonResponse(
      200,
      {
        ipId: work.ipId,
        cid: work.cid,
        contentHash: work.contentHash,
        metadataCid: work.metadataCid,
        creator: work.creator,
        owner: work.owner,
        birthTime: work.birthTime,
        offers: work.offers.map((o) => offerForClient(o, work, request)),
        machineReadable: machineReadable(work, request),
      },
      tdmHeaders(work, licenseContext(request)),
    );
  }

  async function workRsl(request: Request, ipIdText: string): Promise<Response> {
    const found = await findWork(ipIdText);
    if ("response" in found) return found.response;
    return new Response(rslDocument([found.work], licenseContext(request)), {
      headers: { "content-type": `${RSL_MEDIA_TYPE}; charset=utf-8`, "cache-control": "public, max-age=60" },
    });
  }

  async function workTdmPolicy(request: Request, ipIdText: string): Promise<Response> {
    const found = await findWork(ipIdText);
    if ("response" in found) return found.response;
    const policy = tdmPolicy(found.work, licenseContext(request));
    if (!policy) return errorResponse(404, "no_tdm_offer", `IP ${found.work.ipId} offers no AI-training license: text and data mining is reserved.`);
    return new Response(JSON.stringify(policy, null, 2), {
      headers: { "content-type": "application/ld+json", "cache-control": "public, max-age=60" },
    });
  }

  async function siteRsl(request: Request): Promise<Response> {
    return new Response(rslDocument(await reader.all(), licenseContext(request)), {
      headers: { "content-type": `${RSL_MEDIA_TYPE}; charset=utf-8`, "cache-control": "public, max-age=60" },
    });
  }

  async function tdmrep(request: Request): Promise<Response> {
    return new Response(JSON.stringify(tdmrepWellKnown(await reader.all(), licenseContext(request)), null, 2), {
      headers: { "content-type": "application/json", "cache-control": "public, max-age=60" },
    });
  }

  async function robots(request: Request): Promise<Response> {
    return new Response(robotsTxt(originOf(request)), { headers: { "content-type": "text/plain; charset=utf-8" } });
  }

  // ------------------------------------------------------------ downloads

  /** Why the chain said no: no license at all (402) or a license that does not cover this (403). */
  async function refusal(work: Work, account: Address, use: Use, request: Request): Promise<Response> {
    const held = await client.readContract({ address: addresses.licenses, abi: licenseTokenAbi, functionName: "licensesOf", args: [work.ipId, account] });
    const offers = work.offers.filter((o) => o.salesOpen).map((o) => offerForClient(o, work, request));
    const headers = tdmHeaders(work, licenseContext(request));
    if (held.length === 0) {
      const covering = work.offers.filter((o) => o.salesOpen && termsAllow(o.terms, use));
      return errorResponse(
        402,
        "license_required",
        covering.length
          ? `${account} holds no license of IP ${work.ipId}. Buy one of the offers below that allows ${useNames[use]}.`
          : `${account} holds no license of IP ${work.ipId}, and none on sale allows ${useNames[use]}.`,
        { ipId: work.ipId, use, offers, machineReadable: machineReadable(work, request) },
        headers,
      );
    }
    // Expiry is judged by the chain's clock, the one hasAccess used.
    const now = (await client.getBlock({ blockTag: "latest" })).timestamp;
    const licenses = await Promise.all(
      held.map(async (licenseId) => {
        const license = await client.readContract({ address: addresses.licenses, abi: licenseTokenAbi, functionName: "getLicense", args: [licenseId] });
        const t = await reader.terms(BigInt(license.termsId));
        const expired = license.expiry !== 0 && BigInt(license.expiry) <= now;
        const allowsUse = termsAllow(t, use);
        const problem = !allowsUse
          ? `its terms do not allow ${useNames[use]}`
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
    return errorResponse(
      403,
      "license_does_not_cover",
      `${account} holds ${licenses.map((l) => `license ${l.licenseId}, but ${l.problem}`).join("; ")}.`,
      { ipId: work.ipId, use, licenses, offers, machineReadable: machineReadable(work, request) },
      headers,
    );
  }

  async function content(request: Request, ipIdText: string): Promise<Response> {
    // Only the certificate (immutable, cached) is read here: a download costs no chain round trip
    // beyond the access check itself.
    const ipId = parseIpId(ipIdText);
    const certificate = ipId === undefined ? undefined : await reader.certificate(ipId);
    if (!certificate) return errorResponse(404, "unknown_work", ipId === undefined ? "Works are named by their IP id, a positive whole number." : `No work is registered as IP ${ipId}.`);
    const useParam = new URL(request.url).searchParams.get("use") ?? "training";
    if (!(uses as readonly string[]).includes(useParam)) {
      return errorResponse(400, "unknown_use", `use must be one of ${uses.join(", ")}.`);
    }
    const use = useParam as Use;
    const stored = await store.get("originals", certificate.cid);
    if (!stored) return errorResponse(404, "content_not_stored", `IP ${certificate.ipId} is registered, but its file (${certificate.cid}) is not stored on this gateway.`);
    if (stored.sha256.toLowerCase() !== certificate.contentHash.toLowerCase()) {
      // The registered hash and the stored bytes disagree: serving would hand out the wrong work.
      return errorResponse(409, "content_mismatch", `The stored file does not have the SHA-256 IP ${certificate.ipId} was registered with.`);
    }
    const range = parseRange(request.headers.get("range"), stored.size);
    const headers = new Headers({
      ...downloadTdmHeaders(certificate.ipId, originOf(request)),
      "content-type": stored.mediaType,
      "accept-ranges": "bytes",
      etag: `"${stored.cid}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "content-disposition": `attachment; filename="${stored.cid}"`,
      "x-content-sha256": stored.sha256,
      "x-ipfs-cid": stored.cid,
      "x-ip-id": certificate.ipId.toString(),
    });

    if (!gate) {
      // The benchmark's baseline: the same file through the same stream code, minus every check.
      if (range.kind === "unsatisfiable" || request.method === "HEAD" || stored.size === 0) return serve(request, stored, range, headers);
      const { start, end } = range.kind === "partial" ? range : { start: 0, end: stored.size - 1 };
      const chunks = store.open("originals", stored.cid, { start, end })[Symbol.asyncIterator]();
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
      return serve(request, stored, range, headers, body);
    }

    const who = await authenticate(request, auth);
    if (!who.ok) return who.response;
    const verdict = await access.check(certificate.ipId, who.account, use);
    if (!verdict.allowed) {
      const work = await reader.work(certificate.ipId);
      if (!work) return errorResponse(404, "unknown_work", `No work is registered as IP ${certificate.ipId}.`);
      return refusal(work, who.account, use, request);
    }

    const admission = await metering?.admit(verdict.licenseId, who.account);
    if (admission && !admission.ok) return admission.response;

    headers.set("x-license-id", verdict.licenseId.toString());
    headers.set("x-access-block", verdict.block.toString());
    if (range.kind === "unsatisfiable") return unsatisfiable(stored);
    if (request.method === "HEAD") return serve(request, stored, range, headers);

    const account = who.account;
    const { start, end } = range.kind === "partial" ? range : { start: 0, end: stored.size - 1 };
    let sent = 0;
    let lastCheck = Date.now();
    const finish = () =>
      ledger.record({ account, ipId: certificate.ipId.toString(), licenseId: verdict.licenseId.toString(), cid: stored.cid, bytes: sent, fileSize: stored.size });
    let recorded = false;
    const recordOnce = () => {
      if (recorded) return;
      recorded = true;
      const pending = finish().catch((error) => console.error("gateway: a usage record could not be written:", error));
      pendingRecords.add(pending);
      void pending.finally(() => pendingRecords.delete(pending));
    };
    if (stored.size === 0) {
      recordOnce();
      return serve(request, stored, range, headers, null);
    }
    // One stream layer over the file that counts what actually leaves (a client that hangs up is
    // charged for what it received), and re-asks the chain while a long download runs: a license that
    // expires or a stream that stops mid-download ends the download, not only the next one.
    const chunks = store.open("originals", stored.cid, { start, end })[Symbol.asyncIterator]();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          if (Date.now() - lastCheck >= recheckEveryMs) {
            lastCheck = Date.now();
            const again = await access.check(certificate.ipId, account, use);
            if (!again.allowed) throw new Error(`access to IP ${certificate.ipId} ended during the download`);
          }
          const { done, value } = await chunks.next();
          if (done) {
            recordOnce();
            controller.close();
            return;
          }
          sent += value.length;
          controller.enqueue(value);
          // The last byte is out: record now, not when the reader next asks (it may never ask).
          if (sent === end - start + 1) recordOnce();
        } catch (error) {
          recordOnce();
          void chunks.return?.();
          controller.error(error);
        }
      },
      async cancel() {
        recordOnce();
        await chunks.return?.();
      },
    });
    return serve(request, stored, range, headers, body);
  }

  function unsatisfiable(stored: StoredFile): Response {
    return errorResponse(416, "range_not_satisfiable", `The file has ${stored.size} bytes.`, { size: stored.size }, { "content-range": `bytes */${stored.size}` });
  }

  function serve(
    request: Request,
    stored: StoredFile,
    range: ReturnType<typeof parseRange>,
    headers: Headers,
    body?: ReadableStream<Uint8Array> | null,
  ): Response {
    if (range.kind === "unsatisfiable") return unsatisfiable(stored);
    const partial = range.kind === "partial";
    const start = partial ? range.start : 0;
    const end = partial ? range.end : stored.size - 1;
    headers.set("content-length", String(stored.size === 0 ? 0 : end - start + 1));
    if (partial) headers.set("content-range", `bytes ${start}-${end}/${stored.size}`);
    if (request.method === "HEAD") return new Response(null, { status: partial ? 206 : 200, headers });
    let stream = body;
    if (stream === undefined) stream = stored.size === 0 ? null : store.stream("originals", stored.cid, { start, end });
    return new Response(stream, { status: partial ? 206 : 200, headers });
  }

  // ------------------------------------------------------------ sign-in

  async function authNonce(): Promise<Response> {
    return jsonResponse(200, { nonce: siwe.issueNonce(), chainId: deployment.chainId });
  }

  async function authSignIn(request: Request): Promise<Response> {
    let body: { message?: unknown; signature?: unknown };
    try {
      body = (await limitedBody(request, 16 * 1024).request.json()) as typeof body;
    } catch {
      return errorResponse(400, "malformed_siwe", "Send JSON { message, signature }.");
    }
    if (typeof body.message !== "string" || typeof body.signature !== "string" || !/^0x[0-9a-fA-F]+$/.test(body.signature)) {
      return errorResponse(400, "malformed_siwe", "Send JSON { message, signature }.");
    }
    const url = new URL(request.url);
    const verdict = await siwe.signIn({
      message: body.message,
      signature: body.signature as Hex,
      host: publicOriginOf(request)?.host ?? url.host,
      secure: url.protocol === "https:",
    });
    if (!verdict.ok) return errorResponse(verdict.error === "malformed_siwe" ? 400 : 401, verdict.error, verdict.reason);
    return jsonResponse(200, { account: verdict.session.account, expiresAt: verdict.session.expiresAt }, { "set-cookie": verdict.cookie });
  }

  async function authSignOut(request: Request): Promise<Response> {
    const session = siwe.session(request);
    if (session) await siwe.signOut(session);
    return jsonResponse(200, { signedOut: true }, { "set-cookie": siwe.clearCookie(new URL(request.url).protocol === "https:") });
  }

  async function authSession(request: Request): Promise<Response> {
    const session = siwe.session(request);
    if (!session) return errorResponse(401, "authentication_required", "Not signed in.");
    return jsonResponse(200, { account: session.account, expiresAt: session.expiresAt });
  }

  // ------------------------------------------------------------ licensee views

  const transferEvent = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)");

  /** The works the caller is licensed for: every license token it holds, with what it grants now. */
  async function licenses(request: Request): Promise<Response> {
    const who = await authenticate(request, auth);
    if (!who.ok) return who.response;
    const account = who.account;
    const block = await access.latestBlock();
    const logs = await client.getLogs({
      address: addresses.licenses,
      event: transferEvent,
      args: { to: account },
      fromBlock: BigInt(deployment.startBlock),
      toBlock: block,
    });
    const candidates = [...new Set(logs.map((l) => l.args.tokenId as bigint))];
    const owners = await Promise.all(
      candidates.map((id) =>
        client.readContract({ address: addresses.licenses, abi: licenseTokenAbi, functionName: "ownerOf", args: [id], blockNumber: block }).catch(() => undefined),
      ),
    );
    const held = candidates.filter((_, i) => owners[i] && getAddress(owners[i] as Address) === account);
    const entries = await Promise.all(
      held.map(async (licenseId) => {
        const license = await client.readContract({ address: addresses.licenses, abi: licenseTokenAbi, functionName: "getLicense", args: [licenseId], blockNumber: block });
        const ipId = BigInt(license.ipId);
        const [work, t, grants] = await Promise.all([
          reader.work(ipId),
          reader.terms(BigInt(license.termsId)),
          Promise.all(
            ([0, 1, 2] as const).map((u) =>
              client.readContract({ address: addresses.licenses, abi: licenseTokenAbi, functionName: "licenseGrants", args: [licenseId, u], blockNumber: block }),
            ),
          ),
        ]);
        const stored = work ? await store.get("originals", work.cid) : undefined;
        return {
          licenseId,
          ipId,
          termsId: BigInt(license.termsId),
          start: license.start,
          expiry: license.expiry,
          grants: { training: grants[0], commercial: grants[1], derivative: grants[2] },
          terms: t,
          summary: describeTerms(t, licenseContext(request).currency),
          work: work && {
            cid: work.cid,
            contentHash: work.contentHash,
            creator: work.creator,
            metadataCid: work.metadataCid,
            stored: Boolean(stored),
            size: stored?.size,
            mediaType: stored?.mediaType,
            contentUrl: workUrls(originOf(request), ipId).content,
          },
          usage: ledger.usage(licenseId) ?? null,
        };
      }),
    );
    return jsonResponse(200, { account, chainId: deployment.chainId, block, licenses: entries });
  }

  async function usage(request: Request): Promise<Response> {
    const who = await authenticate(request, auth);
    if (!who.ok) return who.response;
    if (metering) return metering.statusResponse(who.account);
    return jsonResponse(200, { account: who.account, metered: false, usage: ledger.byAccount(who.account) });
  }

  async function submitReceipts(request: Request): Promise<Response> {
    const who = await authenticate(request, auth);
    if (!who.ok) return who.response;
    if (!metering) return errorResponse(503, "metering_unavailable", "This deployment has no usage meter to settle receipts with.");
    return metering.submitResponse(request, who.account);
  }

  // ------------------------------------------------------------ routing

  async function handle(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    const method = request.method.toUpperCase();
    const seg = pathname.split("/").filter(Boolean).map(decodeURIComponentSafe);
    const get = method === "GET" || method === "HEAD";
    try {
      if (pathname === "/robots.txt" && get) return await robots(request);
      if (pathname === "/.well-known/tdmrep.json" && get) return await tdmrep(request);
      if (seg[0] !== "api") return errorResponse(404, "not_found", "No such route.");
      const [, a, b, c] = seg;
      if (a === "uploads" && !b && method === "POST") return await upload(request);
      if (a === "metadata" && !b && method === "POST") return await storeMetadata(request);
      if (a === "metadata" && b && !c && get) return await metadata(request, b);
      if (a === "previews" && b && !c && get) return await preview(request, b);
      if (a === "license.rsl" && !b && get) return await siteRsl(request);
      if (a === "licenses" && !b && get) return await licenses(request);
      if (a === "usage" && !b && get) return await usage(request);
      if (a === "usage" && b === "receipts" && !c && method === "POST") return await submitReceipts(request);
      if (a === "auth" && b === "nonce" && get) return await authNonce();
      if (a === "auth" && b === "siwe" && method === "POST") return await authSignIn(request);
      if (a === "auth" && b === "logout" && method === "POST") return await authSignOut(request);
      if (a === "auth" && b === "session" && get) return await authSession(request);
      if (a === "works" && b && seg.length === 4 && get) {
        if (c === "content") return await content(request, b);
        if (c === "terms") return await terms(request, b);
        if (c === "license.rsl") return await workRsl(request, b);
        if (c === "tdm-policy.json") return await workTdmPolicy(request, b);
      }
      return errorResponse(404, "not_found", "No such route.");
    } catch (error) {
      return internalError(error);
    }
  }

  async function metadata(_request: Request, cid: string) {
    return publicBlob("metadata", cid);
  }
  async function preview(_request: Request, cid: string) {
    return publicBlob("previews", cid);
  }

  const guard =
    <A extends unknown[]>(fn: (...args: A) => Promise<Response>) =>
    async (...args: A) => {
      try {
        return await fn(...args);
      } catch (error) {
        return internalError(error);
      }
    };

  return {
    handle,
    upload: guard(upload),
    storeMetadata: guard(storeMetadata),
    metadata: guard(metadata),
    preview: guard(preview),
    content: guard(content),
    terms: guard(terms),
    workRsl: guard(workRsl),
    workTdmPolicy: guard(workTdmPolicy),
    siteRsl: guard(siteRsl),
    tdmrep: guard(tdmrep),
    robots: guard(robots),
    authNonce: guard(authNonce),
    authSignIn: guard(authSignIn),
    authSignOut: guard(authSignOut),
    authSession: guard(authSession),
    licenses: guard(licenses),
    usage: guard(usage),
    submitReceipts: guard(submitReceipts),
    access,
    ledger,
    metering,
    siwe,
    async close() {
      await Promise.all(pendingRecords);
      await metering?.close();
      await ledger.close();
    },
  };
}

function internalError(error: unknown): Response {
  console.error("gateway:", error);
  const message = (error as Error)?.message ?? String(error);
  const chainDown = /fetch failed|ECONNREFUSED|HTTP request failed/i.test(message);
  return chainDown
    ? errorResponse(503, "chain_unreachable", "The gateway cannot reach the chain right now; try again shortly.")
    : errorResponse(500, "internal_error", "Something went wrong in the gateway.");
}

function decodeURIComponentSafe(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** A copy of the request whose body errors once more than `limit` bytes have been read. */
function limitedBody(request: Request, limit: number): { request: Request; exceeded: () => boolean } {
  if (!request.body) return { request, exceeded: () => false };
  let seen = 0;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.length;
        if (seen > limit) controller.error(new Error(`request body over ${limit} bytes`));
        else controller.enqueue(chunk);
      },
    }),
  );
  return {
    request: new Request(request.url, { method: request.method, headers: request.headers, body: counted, duplex: "half" } as RequestInit),
    exceeded: () => seen > limit,
  };
}
