import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Hex, TypedDataDefinition } from "viem";
import type { LicensesAnswer, NonceAnswer } from "@ipnft/gateway/api";
import { UnixfsFileCid } from "@ipnft/gateway/content/cid";
import { type Signer, signRequest } from "./sign";

/**
 * The AI company's client: lists the works its key is licensed for, downloads each original, checks
 * every byte against the SHA-256 and CID registered on chain, signs its usage receipts, and writes a
 * manifest that serves as a license certificate for auditors.
 */
export interface ClientOptions {
  gateway: string;
  signer: Signer;
  outDir: string;
  use?: "training" | "commercial" | "derivative";
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
}

export interface Manifest {
  gateway: string;
  chainId: number;
  account: string;
  use: string;
  /** Block of the license listing. */
  block: string;
  generatedAt: string;
  files: ManifestFile[];
  failures: Array<{ ipId: string; licenseId: string; error: string; reason: string }>;
  receipts: Array<{ licenseId: string; cumulativeUnits: string; accepted: boolean; error?: string }>;
}


export async function runClient(options: ClientOptions): Promise<Manifest> {
  const log = options.log ?? ((line: string) => console.log(line));
  const use = options.use ?? "training";
  const base = options.gateway.replace(/\/$/, "");
  const { chainId } = (await (await fetch(`${base}/api/auth/nonce`)).json()) as NonceAnswer;

  async function signedFetch(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
    const method = init.method ?? "GET";
    const authorization = await signRequest(options.signer, chainId, url, method);
    return fetch(url, { method, body: init.body, headers: { ...init.headers, authorization } });
  }

  async function submitReceipts(rows: Array<{ licenseId: string; cumulativeUnits: string; typedData: TypedDataDefinition }>) {
    if (rows.length === 0) return [];
    const receipts = await Promise.all(
      rows.map(async (r) => ({ licenseId: r.licenseId, cumulativeUnits: r.cumulativeUnits, signature: await options.signer.signTypedData(reviveBigints(r.typedData)) })),
    );
    const response = await signedFetch(`${base}/api/usage/receipts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ receipts }),
    });
    const { results } = (await response.json()) as { results: Array<{ accepted: boolean; error?: string }> };
    return receipts.map((r, i) => ({ licenseId: r.licenseId, cumulativeUnits: r.cumulativeUnits, accepted: results[i]?.accepted ?? false, error: results[i]?.error }));
  }

  const listing = await signedFetch(`${base}/api/licenses`);
  if (!listing.ok) throw new Error(`the gateway refused the license listing: ${listing.status} ${await listing.text()}`);
  const { block, licenses } = (await listing.json()) as LicensesAnswer;
  const usable = licenses.filter((l) => l.grants[use] && l.work?.stored);
  log(`${options.signer.address} holds ${licenses.length} license(s); ${usable.length} grant ${use} for a file on this gateway.`);

  await mkdir(options.outDir, { recursive: true });
  const manifest: Manifest = {
    gateway: base,
    chainId,
    account: options.signer.address,
    use,
    block,
    generatedAt: new Date().toISOString(),
    files: [],
    failures: [],
    receipts: [],
  };

  // One file per work: several licenses of the same work download it once.
  const seen = new Set<string>();
  for (const license of usable) {
    const work = license.work!;
    if (seen.has(license.ipId)) continue;
    seen.add(license.ipId);
    const url = `${work.contentUrl}?use=${use}`;
    let response = await signedFetch(url);
    if (response.status === 402) {
      const body = (await response.json()) as { error: string; licenseId?: string; cumulativeUnits?: string; receipt?: TypedDataDefinition };
      if (body.error === "usage_receipt_required" && body.receipt) {
        manifest.receipts.push(...(await submitReceipts([{ licenseId: body.licenseId!, cumulativeUnits: body.cumulativeUnits!, typedData: body.receipt }])));
        response = await signedFetch(url);
      } else {
        response = new Response(JSON.stringify(body), { status: 402 });
      }
    }
    if (!response.ok || !response.body) {
      const body = (await response.json().catch(() => ({}))) as { error?: string; reason?: string };
      manifest.failures.push({ ipId: license.ipId, licenseId: license.licenseId, error: body.error ?? `http_${response.status}`, reason: body.reason ?? "" });
      log(`  IP ${license.ipId}: refused (${response.status} ${body.error ?? ""})`);
      continue;
    }

    // Hash while writing; the file only gets its final name once both hashes match the chain's.
    const sha = createHash("sha256");
    const cid = new UnixfsFileCid();
    let size = 0;
    const target = path.join(options.outDir, work.cid);
    const partial = `${target}.partial`;
    try {
      await pipeline(
        Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>),
        async function* (source: AsyncIterable<Uint8Array>) {
          for await (const chunk of source) {
            sha.update(chunk);
            cid.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(partial),
      );
    } catch (error) {
      await rm(partial, { force: true });
      manifest.failures.push({ ipId: license.ipId, licenseId: license.licenseId, error: "download_cut", reason: (error as Error).message });
      log(`  IP ${license.ipId}: download cut short (${(error as Error).message})`);
      continue;
    }
    const sha256 = `0x${sha.digest("hex")}` as Hex;
    const gotCid = cid.cid().toString();
    if (sha256 !== work.contentHash.toLowerCase() || gotCid !== work.cid) {
      await rm(partial, { force: true });
      manifest.failures.push({
        ipId: license.ipId,
        licenseId: license.licenseId,
        error: "hash_mismatch",
        reason: `got sha256 ${sha256} and CID ${gotCid}; the chain registered ${work.contentHash} and ${work.cid}`,
      });
      log(`  IP ${license.ipId}: REJECTED, the bytes do not match the registered hash`);
      continue;
    }
    await rename(partial, target);
    manifest.files.push({
      path: path.basename(target),
      cid: gotCid,
      sha256,
      size,
      mediaType: response.headers.get("content-type") ?? "application/octet-stream",
      ipId: license.ipId,
      licenseId: response.headers.get("x-license-id") ?? license.licenseId,
      termsId: license.termsId,
      terms: license.terms,
      summary: license.summary,
      block: response.headers.get("x-access-block") ?? block,
      downloadedAt: new Date().toISOString(),
    });
    log(`  IP ${license.ipId}: ${size} bytes, sha256 and CID ${gotCid} verified, license ${license.licenseId}`);
  }

  // Sign the cumulative usage of every metered license, so the gateway can settle it.
  const usage = (await (await signedFetch(`${base}/api/usage`)).json()) as {
    usage?: Array<{ licenseId: string; units: string; receiptToSign?: TypedDataDefinition }>;
  };
  const toSign = (usage.usage ?? []).filter((u) => u.receiptToSign).map((u) => ({ licenseId: u.licenseId, cumulativeUnits: u.units, typedData: u.receiptToSign! }));
  manifest.receipts.push(...(await submitReceipts(toSign)));
  if (toSign.length) log(`Signed ${toSign.length} usage receipt(s).`);

  await writeFile(path.join(options.outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`Manifest: ${path.join(options.outDir, "manifest.json")} (${manifest.files.length} file(s), ${manifest.failures.length} failure(s))`);
  return manifest;
}

/** Typed data arrives as JSON, its integers as decimal strings: turn them back into bigints to sign them. */
function reviveBigints(typedData: TypedDataDefinition): TypedDataDefinition {
  const { types, primaryType, message } = typedData as unknown as {
    types: Record<string, Array<{ name: string; type: string }>>;
    primaryType: string;
    message: Record<string, unknown>;
  };
  const revived: Record<string, unknown> = { ...message };
  for (const field of types[primaryType] ?? []) {
    if (/^u?int\d*$/.test(field.type) && typeof revived[field.name] === "string") revived[field.name] = BigInt(revived[field.name] as string);
  }
  return { ...typedData, message: revived } as TypedDataDefinition;
}
