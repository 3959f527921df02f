import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  downloadHeaders,
  type ErrorBody,
  type LicensesAnswer,
  type NonceAnswer,
  type OnWire,
  originalQuery,
  type ReceiptsAnswer,
  type UsageAnswer,
  type UsageReceiptRequired,
} from "@ipnft/gateway/api";
import { loadDeployment } from "@ipnft/protocol/deployment-file";
import type { Use } from "@ipnft/protocol/terms";
import { type Address, getAddress, type Hex } from "viem";
import { type Signer, signRequest } from "./request-signature";
import { tdmDeclared } from "./summary/from-manifest";
import { decideReceipt, describeMeter, type ReceiptRequest, type TrustedMeter, trustDeployment } from "./trust";
import { openUsageBook } from "./usage-book";
import { saveVerified } from "./verified-file";

/**
 * The AI company's client: lists the licenses its key holds, downloads each licensed original, keeps it only if its
 * bytes match the SHA-256 and CID registered on chain, signs the usage receipts it owes (only its own, see trust.ts),
 * and writes a manifest that serves as a license certificate for auditors.
 */
export interface ClientOptions {
  gateway: string;
  signer: Signer;
  outDir: string;
  use?: Use;
  /** The meter receipts are signed for; by default the repository's deployment file of the gateway's chain. */
  trust?: TrustedMeter;
  /** The client's usage book (usage-book.ts); by default `<outDir>/usage-book.json`. */
  usageBook?: string;
  log?: (line: string) => void;
}

export interface ManifestFile {
  path: string;
  cid: string;
  sha256: Hex;
  size: number;
  mediaType: string;
  ipId: string;
  licenseId: string;
  termsId: string;
  terms: Record<string, unknown>;
  summary: string;
  /** The block at which the chain granted access for this download. */
  block: string;
  downloadedAt: string;
  /** The IP's creator on chain: the rightsholder the training-data summary counts. */
  rightsholder: string;
  legalTextURI?: string;
  /** What the gateway declared for text and data mining when it served the file (W3C TDMRep, RSL link). */
  tdm: { reservation?: string; policy?: string; rsl?: string };
}

export interface Manifest {
  gateway: string;
  chainId: number;
  usageMeter: Address | null;
  account: string;
  use: string;
  /** Block of the license listing. */
  block: string;
  generatedAt: string;
  files: ManifestFile[];
  failures: Array<{ ipId: string; licenseId: string; error: string; reason: string }>;
  receipts: Array<{ licenseId: string; cumulativeUnits: string; accepted: boolean; error?: string }>;
  /** Receipts a gateway asked for that the client would not sign, and why. */
  refused: Array<{ licenseId: string; reason: string }>;
}

/** The client refuses to go on: the gateway is not the one its trust names. */
export class ClientRefusal extends Error {}

export async function runClient(options: ClientOptions): Promise<Manifest> {
  const log = options.log ?? ((line: string) => console.log(line));
  const use = options.use ?? "training";
  const base = options.gateway.replace(/\/$/, "");
  const { signer } = options;
  const { chainId } = (await (await fetch(`${base}/api/auth/nonce`)).json()) as NonceAnswer;

  async function signedFetch(url: string, init: { method?: string; body?: string } = {}) {
    const method = init.method ?? "GET";
    const authorization = await signRequest(signer, chainId, url, method);
    const headers: Record<string, string> = { authorization };
    if (init.body) headers["content-type"] = "application/json";
    return fetch(url, { method, body: init.body, headers });
  }

  const trust = options.trust ?? (await repoTrust(chainId, () => signedFetch(`${base}/api/usage`)));
  if (trust.chainId !== chainId) {
    throw new ClientRefusal(
      `The gateway serves chain ${chainId}, but this client trusts chain ${trust.chainId} (${trust.source}).`,
    );
  }

  const listing = await signedFetch(`${base}/api/licenses`);
  if (!listing.ok)
    throw new Error(`the gateway refused the license listing: ${listing.status} ${await listing.text()}`);
  const { block, licenses } = (await listing.json()) as LicensesAnswer;
  const held = new Set(licenses.map((l) => BigInt(l.licenseId)));
  const usable = licenses.filter((l) => l.grants[use] && l.work?.stored);
  log(
    `${signer.address} holds ${licenses.length} license(s); ${usable.length} grant ${use} for a file on this gateway.`,
  );

  await mkdir(options.outDir, { recursive: true });
  const book = await openUsageBook(options.usageBook ?? path.join(options.outDir, "usage-book.json"), {
    chainId: trust.chainId,
    usageMeter: trust.usageMeter,
    account: signer.address,
  });
  const manifest: Manifest = {
    gateway: base,
    chainId,
    usageMeter: trust.usageMeter ?? null,
    account: signer.address,
    use,
    block,
    generatedAt: new Date().toISOString(),
    files: [],
    failures: [],
    receipts: [],
    refused: [],
  };
  const context = { trust, licensee: signer.address, held, accounted: (id: bigint) => book.units(id) };

  /** Signs and submits what the client agrees to; returns whether every asked receipt was accepted. */
  async function settleAsked(asked: ReceiptRequest[]): Promise<boolean> {
    const toSign = [];
    for (const request of asked) {
      const decision = decideReceipt(request, context);
      if (decision.sign) toSign.push(decision);
      else {
        manifest.refused.push({ licenseId: String(request.licenseId), reason: decision.reason });
        log(`  REFUSED to sign: ${decision.reason}`);
      }
    }
    if (toSign.length === 0) return toSign.length === asked.length;
    const receipts = await Promise.all(
      toSign.map(async (d) => ({
        licenseId: d.licenseId.toString(),
        cumulativeUnits: d.cumulativeUnits.toString(),
        signature: await signer.signTypedData(d.typedData),
      })),
    );
    const response = await signedFetch(`${base}/api/usage/receipts`, {
      method: "POST",
      body: JSON.stringify({ receipts }),
    });
    const { results = [] } = (await response.json().catch(() => ({}))) as Partial<ReceiptsAnswer>;
    let allAccepted = toSign.length === asked.length;
    for (const [i, r] of receipts.entries()) {
      const result = results[i];
      const accepted = result?.accepted === true;
      if (accepted) await book.markSigned(BigInt(r.licenseId), BigInt(r.cumulativeUnits));
      else allAccepted = false;
      manifest.receipts.push({
        licenseId: r.licenseId,
        cumulativeUnits: r.cumulativeUnits,
        accepted,
        ...(result && !result.accepted ? { error: result.error } : {}),
      });
    }
    return allAccepted;
  }

  // One file per work: several licenses of the same work download it once.
  const seen = new Set<string>();
  for (const license of usable) {
    const work = license.work!;
    if (seen.has(license.ipId)) continue;
    seen.add(license.ipId);
    const fail = (error: string, reason: string) => {
      manifest.failures.push({ ipId: license.ipId, licenseId: license.licenseId, error, reason });
      log(`  IP ${license.ipId}: ${error} (${reason})`);
    };
    // The registered bytes (`?original=1`), which are verified against the chain's SHA-256 and CID below; without it a
    // gateway adds its C2PA manifest to JPEG and PNG files, and the bytes are no longer the registered ones.
    const url = `${work.contentUrl}?use=${use}&${originalQuery}=1`;
    let response = await signedFetch(url);
    if (response.status === 402) {
      const body = (await response.json().catch(() => ({}))) as Partial<OnWire<UsageReceiptRequired>>;
      if (body.error !== "usage_receipt_required") {
        fail(body.error ?? "http_402", body.reason ?? "");
        continue;
      }
      const asked = { licenseId: body.licenseId, cumulativeUnits: body.cumulativeUnits, typedData: body.receipt };
      if (!(await settleAsked([asked]))) {
        fail("receipt_refused", manifest.refused.at(-1)?.reason ?? "the gateway did not accept the usage receipt");
        continue;
      }
      response = await signedFetch(url);
    }
    if (!response.ok || !response.body) {
      const body = (await response.json().catch(() => ({}))) as Partial<ErrorBody>;
      fail(body.error ?? `http_${response.status}`, body.reason ?? "");
      continue;
    }

    // The gateway counts a file as used once it starts serving it; so does the client, under the license it names.
    const servedUnder = BigInt(response.headers.get(downloadHeaders.licenseId) ?? license.licenseId);
    await book.count(held.has(servedUnder) ? servedUnder : BigInt(license.licenseId));
    const saved = await saveVerified(response.body, options.outDir, work);
    if (!saved.ok) {
      fail(saved.error, saved.reason);
      continue;
    }
    manifest.files.push({
      path: path.basename(saved.path),
      cid: saved.cid,
      sha256: saved.sha256,
      size: saved.size,
      mediaType: response.headers.get("content-type") ?? "application/octet-stream",
      ipId: license.ipId,
      licenseId: servedUnder.toString(),
      termsId: license.termsId,
      terms: license.terms,
      summary: license.summary,
      block: response.headers.get(downloadHeaders.accessBlock) ?? block,
      downloadedAt: new Date().toISOString(),
      rightsholder: work.creator,
      legalTextURI: typeof license.terms.legalTextURI === "string" ? license.terms.legalTextURI : undefined,
      tdm: tdmDeclared(response.headers),
    });
    log(`  IP ${license.ipId}: ${saved.size} bytes, sha256 and CID ${saved.cid} verified, license ${servedUnder}`);
  }

  // Sign the cumulative usage of every metered license the gateway asks about, if it is what the client counted.
  const usage = (await (await signedFetch(`${base}/api/usage`)).json()) as Partial<UsageAnswer>;
  if (usage && "verifyingContract" in usage) {
    const rows = (usage.usage ?? []).filter((u) => u.receiptToSign);
    if (rows.length > 0 && !sameMeter(usage, trust)) {
      const reason =
        `The gateway settles usage with ${describeMeter(usage.chainId, usage.verifyingContract)}; ` +
        `this client signs only for ${describeMeter(trust.chainId, trust.usageMeter)} (${trust.source}).`;
      manifest.refused.push(...rows.map((u) => ({ licenseId: u.licenseId, reason })));
      log(`  REFUSED to sign: ${reason}`);
    } else if (rows.length > 0) {
      await settleAsked(
        rows.map((u) => ({ licenseId: u.licenseId, cumulativeUnits: u.units, typedData: u.receiptToSign })),
      );
      log(`Usage receipts: ${manifest.receipts.filter((r) => r.accepted).length} accepted.`);
    }
  }

  await writeFile(path.join(options.outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  log(
    `Manifest: ${path.join(options.outDir, "manifest.json")} (${manifest.files.length} file(s), ` +
      `${manifest.failures.length} failure(s), ${manifest.refused.length} receipt(s) refused)`,
  );
  return manifest;
}

function sameMeter(announced: { chainId?: number; verifyingContract?: string }, trust: TrustedMeter): boolean {
  return (
    announced.chainId === trust.chainId &&
    !!trust.usageMeter &&
    typeof announced.verifyingContract === "string" &&
    announced.verifyingContract.toLowerCase() === trust.usageMeter.toLowerCase()
  );
}

/**
 * The default trust: the repository's deployment file for the gateway's chain. Without one the client stops, and
 * says which meter the gateway announces, so the user can pin it (`--chain-id`, `--usage-meter`) if they trust it.
 */
async function repoTrust(chainId: number, announced: () => Promise<Response>): Promise<TrustedMeter> {
  const lookup = await loadDeployment(chainId);
  if ("deployment" in lookup) return trustDeployment(lookup.deployment, `deployments/${chainId}.json`);
  const answer = (await (await announced()).json().catch(() => ({}))) as Partial<
    OnWire<{ verifyingContract: Address }>
  >;
  const meter = typeof answer.verifyingContract === "string" ? getAddress(answer.verifyingContract) : undefined;
  throw new ClientRefusal(
    `${lookup.problem} This client signs usage receipts only for a meter it trusts: give --deployment FILE, or pin ` +
      (meter
        ? `the one the gateway announces, if you trust it: --chain-id ${chainId} --usage-meter ${meter}.`
        : "one with --chain-id and --usage-meter."),
  );
}
