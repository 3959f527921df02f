/**
 * `npm run bench c2pa`: what content credentials cost the gateway, with the official SDK's WebAssembly build in this
 * process. Signing a licensed copy (the original plus the gateway's manifest, its parent ingredient hashed) on a
 * photo-sized JPEG and PNG; reading and validating a manifest as an upload does; and a signed copy served again from
 * the per-(file, license, licensee) cache. Figures are p50 / p95 over the runs, in milliseconds.
 */
import { randomBytes } from "node:crypto";
import { loadSigner, makeDevelopmentIdentity } from "@ipnft/gateway/c2pa/certificate";
import { readContentCredentials } from "@ipnft/gateway/c2pa/read";
import { c2paSdk } from "@ipnft/gateway/c2pa/sdk";
import { type LicenseStatement, licensedCopyCache, signLicensedCopy } from "@ipnft/gateway/c2pa/sign";
import sharp from "sharp";
import { zeroAddress } from "viem";

const RUNS = 25;

async function time(runs: number, task: (i: number) => Promise<unknown>): Promise<string> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task(i);
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`;
}

/** A photo-like picture: noise, which compresses as badly as detail does. */
async function photo(width: number, height: number, format: "jpeg" | "png") {
  const raw = randomBytes(width * height * 3);
  const image = sharp(raw, { raw: { width, height, channels: 3 } }).blur(1.2);
  return new Uint8Array(await (format === "jpeg" ? image.jpeg({ quality: 85 }) : image.png()).toBuffer());
}

export async function run(): Promise<void> {
  const started = performance.now();
  c2paSdk();
  console.log(`SDK load (WebAssembly compile, once per process): ${(performance.now() - started).toFixed(0)} ms`);
  const identity = await makeDevelopmentIdentity();
  const gateway = await loadSigner(identity);
  const statement = (licenseId: number): LicenseStatement => ({
    chainId: 31337,
    registry: zeroAddress,
    ipId: 1n,
    licenseToken: zeroAddress,
    licenseId: BigInt(licenseId),
    licensee: zeroAddress,
    termsId: 2n,
    termsUri: "ipfs://bafkreiexample",
    cid: "bafkreiexample",
    sha256: `0x${"00".repeat(32)}`,
  });
  for (const [format, mediaType] of [
    ["jpeg", "image/jpeg"],
    ["png", "image/png"],
  ] as const) {
    const original = await photo(2000, 1500, format);
    const mb = (original.length / 1024 / 1024).toFixed(2);
    const sign = (i: number) => signLicensedCopy(gateway, original, mediaType, statement(i), identity.anchorPem);
    await sign(0); // warm
    console.log(`sign a licensed copy, 2000x1500 ${format.toUpperCase()} (${mb} MiB): ${await time(RUNS, sign)}`);
    const signed = await sign(0);
    const read = () => readContentCredentials(signed, mediaType, identity.anchorPem);
    console.log(`read and validate its manifest, as an upload does: ${await time(RUNS, read)}`);
    const cache = licensedCopyCache();
    await cache.get("k", () => sign(1));
    console.log(`the same copy again, from the cache: ${await time(RUNS, () => cache.get("k", () => sign(1)))}`);
  }
  console.log("target: signing stays well under the time the file takes to download; cached copies cost ~0");
}
