import { licenseTokenAbi } from "@ipnft/protocol/abis";
import { isUse, type Use, uses } from "@ipnft/protocol/terms";
import { parseIpId } from "@ipnft/protocol/works";
import type { Address } from "viem";
import { downloadHeaders } from "../api";
import { markSignedCopy, servedCopyFor } from "../c2pa/licensed-download";
import type { GatewayContext } from "../context";
import { authenticate } from "../handlers/auth";
import { serve } from "../handlers/download";
import { errorResponse, jsonResponse, parseRange } from "../http";
import { downloadTdmHeaders } from "../machine-licenses";
import { givesNoCredit } from "../metering/metered-terms";
import { type DatasetManifest, type DatasetManifestMember, datasetUrls } from "./api";
import { membershipOf } from "./chain-membership";
import { type Dataset, memberCovered } from "./membership";
import { meteredMemberBody } from "./metered-member";

type Params = Record<string, string>;

/**
 * A dataset licensee's way in: GET /api/datasets/:ipId/manifest lists the member files its license lets out, and
 * GET /api/datasets/:ipId/members/:memberId/content serves each, metered under the dataset license and credited to
 * the dataset IP. Access is the chain's `hasAccess` on the dataset; membership is the dataset contract's, read at the
 * same block; a member removed before the license was bought is not served under it.
 */

type Licensed =
  | { ok: false; response: Response }
  | {
      ok: true;
      account: Address;
      use: Use;
      dataset: Dataset;
      licenseId: bigint;
      licenseStart: number;
      termsId: bigint;
      block: bigint;
    };

/** Who asks, for which dataset, and the license of it that covers the use: or the 4xx that says why not. */
async function licensedDataset(ctx: GatewayContext, request: Request, ipIdText: string): Promise<Licensed> {
  const ipId = parseIpId(ipIdText);
  const fail = (response: Response) => ({ ok: false, response }) as const;
  if (ipId === undefined) {
    return fail(errorResponse(404, "unknown_work", "Datasets are named by their IP id, a positive whole number."));
  }
  const use = new URL(request.url).searchParams.get("use") ?? "training";
  if (!isUse(use)) return fail(errorResponse(400, "unknown_use", `use must be one of ${uses.join(", ")}.`));
  const block = await ctx.access.latestBlock();
  const dataset = await membershipOf(ctx).dataset(ipId, block);
  if (!dataset) {
    const certificate = await ctx.reader.certificate(ipId);
    const reason = certificate
      ? `IP ${ipId} is a ${certificate.kind.toLowerCase()}, not a dataset.`
      : `No IP is registered as ${ipId}.`;
    return fail(errorResponse(404, certificate ? "not_a_dataset" : "unknown_work", reason));
  }
  const who = await authenticate(request, ctx);
  if (!who.ok) return fail(who.response);
  const verdict = await ctx.access.check(ipId, who.account, use);
  if (!verdict.allowed) {
    const reason =
      `${who.account} holds no license of dataset ${ipId} that allows ${use} now: ` +
      `buy one (GET /api/works/${ipId}/terms lists the offers).`;
    return fail(errorResponse(402, "license_required", reason, { ipId, use }));
  }
  if (givesNoCredit(await ctx.licenseTerms(verdict.licenseId))) {
    // A free license under pay-per-file terms is worth no file; a dataset's files are not sold one by one here.
    const reason = `License ${verdict.licenseId} of dataset ${ipId} is pay per file without credit: no file goes out.`;
    return fail(errorResponse(402, "license_required", reason, { ipId, use }));
  }
  const license = await ctx.client.readContract({
    address: ctx.addresses.licenses,
    abi: licenseTokenAbi,
    functionName: "getLicense",
    args: [verdict.licenseId],
    blockNumber: verdict.block,
  });
  return {
    ok: true,
    account: who.account,
    use,
    dataset,
    licenseId: verdict.licenseId,
    licenseStart: Number(license.start),
    termsId: BigInt(license.termsId),
    block: verdict.block,
  };
}

/** GET /api/datasets/:ipId/manifest?use=training: the member files the caller's dataset license lets out. */
export async function datasetManifest(ctx: GatewayContext, request: Request, { ipId }: Params): Promise<Response> {
  const licensed = await licensedDataset(ctx, request, ipId);
  if (!licensed.ok) return licensed.response;
  const { dataset, licenseStart } = licensed;
  const urls = datasetUrls(ctx.originOf(request), dataset.ipId);
  const covered = dataset.members.filter((m) => memberCovered(m, licenseStart));
  const members = await mapBounded(covered, 16, async (member): Promise<DatasetManifestMember | undefined> => {
    const certificate = await ctx.reader.certificate(member.ipId);
    if (!certificate) return undefined;
    const stored = await ctx.store.get("originals", certificate.cid);
    const matches = stored && stored.sha256.toLowerCase() === certificate.contentHash.toLowerCase();
    return {
      ipId: member.ipId,
      cid: certificate.cid,
      sha256: certificate.contentHash,
      weight: member.weight,
      creator: certificate.creator,
      stored: Boolean(matches),
      ...(matches ? { size: stored.size, mediaType: stored.mediaType, url: urls.member(member.ipId) } : {}),
    };
  });
  const current = dataset.members.filter((m) => m.removedBlock === 0n);
  const manifest: DatasetManifest = {
    datasetIpId: dataset.ipId,
    chainId: ctx.deployment.chainId,
    account: licensed.account,
    licenseId: licensed.licenseId,
    block: licensed.block,
    curator: dataset.curator,
    curatorShareBps: dataset.curatorShareBps,
    totalWeight: current.reduce((sum, m) => sum + m.weight, 0n),
    use: licensed.use,
    members: members.filter((m): m is DatasetManifestMember => m !== undefined),
    withheld: dataset.members.filter((m) => !memberCovered(m, licenseStart)).map((m) => m.ipId),
  };
  return jsonResponse(200, manifest);
}

/** GET /api/datasets/:ipId/members/:memberId/content?use=training: one member's file under the dataset license. */
export async function datasetMemberContent(
  ctx: GatewayContext,
  request: Request,
  { ipId, memberId }: Params,
): Promise<Response> {
  const licensed = await licensedDataset(ctx, request, ipId);
  if (!licensed.ok) return licensed.response;
  const { dataset, licenseId, account } = licensed;
  const memberIpId = parseIpId(memberId);
  const member = dataset.members.find((m) => m.ipId === memberIpId);
  if (!member) {
    return errorResponse(404, "not_a_member", `IP ${memberId} is not a member of dataset ${dataset.ipId}.`);
  }
  if (!memberCovered(member, licensed.licenseStart)) {
    const reason =
      `IP ${member.ipId} was removed from dataset ${dataset.ipId} at block ${member.removedBlock}, before ` +
      `license ${licenseId} was bought: it is not served under that license.`;
    return errorResponse(403, "member_removed", reason);
  }
  const certificate = await ctx.reader.certificate(member.ipId);
  const stored = certificate && (await ctx.store.get("originals", certificate.cid));
  if (!certificate || !stored) {
    const reason = `Member IP ${member.ipId}'s file is not stored on this gateway.`;
    return errorResponse(404, "content_not_stored", reason);
  }
  if (stored.sha256.toLowerCase() !== certificate.contentHash.toLowerCase()) {
    const reason = `The stored file does not have the SHA-256 IP ${member.ipId} was registered with.`;
    return errorResponse(409, "content_mismatch", reason);
  }
  const admission = await ctx.metering?.admit(licenseId, account);
  if (admission && !admission.ok) return admission.response;
  const release = admission?.release ?? (() => {});
  const headers = new Headers({
    ...downloadTdmHeaders(member.ipId, ctx.originOf(request)),
    "content-type": stored.mediaType,
    "accept-ranges": "bytes",
    etag: `"${stored.cid}"`,
    "cache-control": "private, no-store",
    "content-disposition": `attachment; filename="${stored.cid}"`,
    [downloadHeaders.sha256]: stored.sha256,
    [downloadHeaders.cid]: stored.cid,
    [downloadHeaders.ipId]: member.ipId.toString(),
    [downloadHeaders.licenseId]: licenseId.toString(),
    [downloadHeaders.accessBlock]: licensed.block.toString(),
    "x-dataset-ip-id": dataset.ipId.toString(),
  });
  // A JPEG or PNG leaves with the gateway's C2PA manifest naming the dataset, its license, the member and the licensee
  // (signed once per license, licensee and file); `?original=1` serves the registered bytes the manifest lists.
  const key = ["dataset", dataset.ipId, licenseId, account.toLowerCase(), stored.cid].join(":");
  const copy = await servedCopyFor(ctx, request, stored, key, async () => {
    const terms = await ctx.reader.terms(licensed.termsId);
    return {
      kind: "dataset",
      chainId: ctx.deployment.chainId,
      registry: ctx.addresses.registry,
      ipId: member.ipId,
      datasetIpId: dataset.ipId,
      licenseToken: ctx.addresses.licenses,
      licenseId,
      licensee: account,
      termsId: licensed.termsId,
      termsUri: terms.legalTextURI || undefined,
      cid: stored.cid,
      sha256: stored.sha256,
    };
  });
  const served = copy ? markSignedCopy(headers, stored, copy).served : stored;
  const range = parseRange(request.headers.get("range"), served.size);
  if (range.kind === "unsatisfiable" || request.method === "HEAD") {
    release();
    return serve(ctx, request, served, range, headers);
  }
  const body = meteredMemberBody(ctx, {
    account,
    datasetIpId: dataset.ipId,
    licenseId,
    use: licensed.use,
    stored,
    copy,
    range,
    reservation: admission?.reservation,
    release,
  });
  return serve(ctx, request, served, range, headers, body);
}

/** `fn` over `items`, at most `limit` at a time, in order: a 10,000-member manifest does not open 10,000 reads. */
async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
