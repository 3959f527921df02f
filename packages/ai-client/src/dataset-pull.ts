import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  type DatasetManifestAnswer,
  type ErrorBody,
  type OnWire,
  originalQuery,
  type UsageReceiptRequired,
} from "@ipnft/gateway/api";
import { identifyFile } from "@ipnft/protocol/content";
import type { Use } from "@ipnft/protocol/terms";
import type { Hex } from "viem";
import { saveVerified } from "./verified-file";

/**
 * Pulls a whole dataset the key holds a license of: the gateway's manifest lists the member files the license lets
 * out; each is downloaded under the dataset license and kept only if its bytes match the SHA-256 and CID the chain
 * registered for that member (`identity`: the chain's certificate, not the gateway's word, where the caller can read
 * the chain). A run resumes: a member file already on disk that verifies is kept and not asked for (nor paid) again.
 * The local manifest (`dataset-manifest.json`) lists every member with its license, weight and verification.
 */
export interface DatasetPullOptions {
  gateway: string;
  datasetIpId: bigint;
  use: Use;
  outDir: string;
  signedFetch(url: string, init?: { method?: string; body?: string }): Promise<Response>;
  /**
   * The registered identity a member's bytes must match (by default the gateway manifest's own entry), or why the
   * listed work is not a member the license covers: then it is not asked for, nor paid.
   */
  identity?(member: MemberEntry): Promise<{ cid: string; contentHash: string } | { refused: string } | undefined>;
  /** Before each member file is asked for (spend limits): refuse with a thrown error, or return how to settle. */
  beforeFile?(member: MemberEntry): Promise<{ commit(): Promise<void>; release(): Promise<void> }>;
  /** A file the gateway served (the usage book counts it under the license). */
  served?(licenseId: bigint): Promise<void>;
  /** The gateway asks for a signed usage receipt before more files: sign it if it is what the client counted. */
  receipt?(asked: OnWire<UsageReceiptRequired>): Promise<boolean>;
  /** A member file downloaded and verified this run (the MCP agent records it in its own manifest). */
  kept?(file: LocalDatasetFile, mediaType: string): Promise<void>;
  log?(line: string): void;
}

type MemberEntry = DatasetManifestAnswer["members"][number];

export interface LocalDatasetFile {
  ipId: string;
  cid: string;
  sha256: Hex;
  weight: string;
  size: number;
  path: string;
  /** "downloaded" this run, or "already_verified" from an earlier run (not asked for again). */
  status: "downloaded" | "already_verified";
}

export interface LocalDatasetManifest {
  gateway: string;
  chainId: number;
  account: string;
  datasetIpId: string;
  licenseId: string;
  /** The block the gateway judged access and membership at. */
  block: string;
  curator: string;
  curatorShareBps: number;
  totalWeight: string;
  use: string;
  generatedAt: string;
  files: LocalDatasetFile[];
  failures: Array<{ ipId: string; error: string; reason: string }>;
  /** Members removed before the license was bought: the gateway does not serve them under it. */
  withheld: string[];
}

export const LOCAL_MANIFEST = "dataset-manifest.json";

/** The gateway refused the dataset as a whole (no license, not a dataset): its code and reason. */
export class DatasetRefused extends Error {
  constructor(
    readonly code: string,
    reason: string,
  ) {
    super(reason);
  }
}

export async function pullDataset(o: DatasetPullOptions): Promise<LocalDatasetManifest> {
  const log = o.log ?? (() => {});
  const base = o.gateway.replace(/\/$/, "");
  const answer = await o.signedFetch(`${base}/api/datasets/${o.datasetIpId}/manifest?use=${o.use}`);
  if (!answer.ok) {
    const body = (await answer.json().catch(() => ({}))) as Partial<ErrorBody>;
    throw new DatasetRefused(body.error ?? `http_${answer.status}`, body.reason ?? `HTTP ${answer.status}`);
  }
  const manifest = (await answer.json()) as DatasetManifestAnswer;
  await mkdir(o.outDir, { recursive: true });
  const licenseId = BigInt(manifest.licenseId);
  const local: LocalDatasetManifest = {
    gateway: base,
    chainId: manifest.chainId,
    account: manifest.account,
    datasetIpId: manifest.datasetIpId,
    licenseId: manifest.licenseId,
    block: manifest.block,
    curator: manifest.curator,
    curatorShareBps: manifest.curatorShareBps,
    totalWeight: manifest.totalWeight,
    use: o.use,
    generatedAt: new Date().toISOString(),
    files: [],
    failures: [],
    withheld: manifest.withheld,
  };
  log(`Dataset ${manifest.datasetIpId}: ${manifest.members.length} member file(s) under license ${licenseId}.`);
  const fail = (ipId: string, error: string, reason: string) => {
    local.failures.push({ ipId, error, reason });
    log(`  IP ${ipId}: ${error} (${reason})`);
  };
  try {
    await pullMembers();
  } finally {
    // Written even when a hook stops the pull (a spending limit): what was verified is on record, and a rerun resumes.
    await writeManifest(o.outDir, local);
  }
  log(
    `Manifest: ${path.join(o.outDir, LOCAL_MANIFEST)} (${local.files.length} file(s), ` +
      `${local.failures.length} failure(s), ${local.withheld.length} withheld)`,
  );
  return local;

  async function pullMembers() {
    for (const member of manifest.members) {
      const expected = o.identity ? await o.identity(member) : { cid: member.cid, contentHash: member.sha256 };
      if (!expected) {
        fail(member.ipId, "unknown_work", "the chain has no certificate for this member");
        continue;
      }
      if ("refused" in expected) {
        fail(member.ipId, "not_a_member", expected.refused);
        continue;
      }
      if (expected.cid !== member.cid || expected.contentHash.toLowerCase() !== member.sha256.toLowerCase()) {
        fail(member.ipId, "manifest_mismatch", `the gateway lists ${member.cid}; the chain registered ${expected.cid}`);
        continue;
      }
      const entry = (size: number, status: LocalDatasetFile["status"]): LocalDatasetFile => ({
        ipId: member.ipId,
        cid: member.cid,
        sha256: member.sha256 as Hex,
        weight: member.weight,
        size,
        path: path.basename(expected.cid),
        status,
      });
      const already = await verifiedOnDisk(o.outDir, expected);
      if (already !== undefined) {
        local.files.push(entry(already, "already_verified"));
        continue;
      }
      if (!member.stored || !member.url) {
        fail(member.ipId, "content_not_stored", "the gateway does not hold this member's file");
        continue;
      }
      const hold = o.beforeFile ? await o.beforeFile(member) : undefined;
      // The registered bytes (`?original=1`), verified against the chain's CID and SHA-256 below: without it a JPEG or
      // PNG comes with the gateway's C2PA manifest added, other bytes than the ones registered.
      const url = `${member.url}?use=${o.use}&${originalQuery}=1`;
      let response = await o.signedFetch(url);
      if (response.status === 402 && o.receipt) {
        const body = (await response.clone().json()) as Partial<OnWire<UsageReceiptRequired>>;
        if (body.error === "usage_receipt_required" && (await o.receipt(body as OnWire<UsageReceiptRequired>))) {
          response = await o.signedFetch(url);
        }
      }
      if (!response.ok || !response.body) {
        await hold?.release();
        const body = (await response.json().catch(() => ({}))) as Partial<ErrorBody>;
        fail(member.ipId, body.error ?? `http_${response.status}`, body.reason ?? "");
        continue;
      }
      // From here the gateway counts the file as used under the dataset license: so does the client.
      await o.served?.(licenseId);
      await hold?.commit();
      const saved = await saveVerified(response.body, o.outDir, expected);
      if (!saved.ok) {
        fail(member.ipId, saved.error, saved.reason);
        continue;
      }
      const file = entry(saved.size, "downloaded");
      local.files.push(file);
      await o.kept?.(file, response.headers.get("content-type") ?? "application/octet-stream");
      log(`  IP ${member.ipId}: ${saved.size} bytes, sha256 and CID ${saved.cid} verified`);
      if (local.files.length % 50 === 0) await writeManifest(o.outDir, local);
    }
  }
}

/** Size of `<dir>/<cid>` if it is there and its bytes are the registered ones; one that does not verify is redone. */
async function verifiedOnDisk(dir: string, expected: { cid: string; contentHash: string }) {
  const file = path.join(dir, path.basename(expected.cid));
  if (!(await stat(file).catch(() => undefined))?.isFile()) return undefined;
  const identity = await identifyFile(new Uint8Array(await readFile(file)));
  const ok = identity.cid === expected.cid && identity.sha256 === expected.contentHash.toLowerCase();
  return ok ? identity.size : undefined;
}

async function writeManifest(dir: string, manifest: LocalDatasetManifest) {
  const file = path.join(dir, LOCAL_MANIFEST);
  await writeFile(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}
