import { createWriteStream } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { identifyFile } from "@ipnft/protocol/content";
import type { Hex } from "viem";

export type VerifiedFile =
  | { ok: true; path: string; sha256: Hex; cid: string; size: number }
  | { ok: false; error: "download_cut" | "hash_mismatch"; reason: string };

/**
 * Writes a download to `<dir>/<cid>` only if its bytes are the ones registered on chain: the SHA-256 and the CIDv1
 * computed by the protocol's content identity must both match. Until then the bytes sit in a `.partial` file, which is
 * removed on any failure, so the directory never holds an unverified file.
 */
export async function saveVerified(
  body: ReadableStream<Uint8Array>,
  dir: string,
  expected: { cid: string; contentHash: string },
): Promise<VerifiedFile> {
  const target = path.join(dir, path.basename(expected.cid));
  const partial = `${target}.partial`;
  try {
    await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), createWriteStream(partial));
  } catch (error) {
    await rm(partial, { force: true });
    return { ok: false, error: "download_cut", reason: (error as Error).message };
  }
  const identity = await identifyFile(new Uint8Array(await readFile(partial)));
  if (identity.sha256 !== expected.contentHash.toLowerCase() || identity.cid !== expected.cid) {
    await rm(partial, { force: true });
    return {
      ok: false,
      error: "hash_mismatch",
      reason:
        `got sha256 ${identity.sha256} and CID ${identity.cid}; ` +
        `the chain registered ${expected.contentHash} and ${expected.cid}`,
    };
  }
  await rename(partial, target);
  return { ok: true, path: target, sha256: identity.sha256, cid: identity.cid, size: identity.size };
}
