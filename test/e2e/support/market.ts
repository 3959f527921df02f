/**
 * Other people's moves in a journey, made straight on the chain through the node's unlocked accounts
 * (real transactions, as their own wallets would send them): an artist's work with revenue shares on
 * sale, and an AI company streaming royalties into it.
 */
import { type Address, type Hex, maxUint256, zeroHash } from "viem";
import {
  gdaV1ForwarderAbi,
  iPRegistryAbi,
  licenseTermsAbi,
  licenseTokenAbi,
  royaltyPoolsAbi,
  shareTokenAbi,
  superTokenAbi,
} from "@ipnft/protocol/abis";
import { fileCid, rawCid } from "../../../apps/web/lib/content/cid";
import { makePreview } from "../../../apps/web/lib/content/preview";
import { createContentStore } from "../../../apps/web/lib/content/store";
import { artworkPng } from "../../../scripts/seed/images";
import type { E2EStack } from "./stack";

export const STREAMED = "AI training, streamed and metered";

export async function sendAs(stack: E2EStack, account: Address, request: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[] }) {
  const { publicClient, walletClient } = stack.clients;
  const hash = await walletClient.writeContract({ ...request, account, chain: walletClient.chain } as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${request.functionName} reverted`);
}

export async function presetId(stack: E2EStack, name: string): Promise<bigint> {
  const [names, ids] = await stack.clients.publicClient.readContract({ address: stack.deployment.contracts.LicenseTerms!, abi: licenseTermsAbi, functionName: "presets" });
  return ids[names.indexOf(name)];
}

/** The artist registers a work (image, preview and metadata in the stack's store), enables shares, connects, and offers `onSale` shares. */
export async function workWithSharesOnSale(stack: E2EStack, title: string, onSale: bigint, pricePerShare: bigint) {
  const artist = stack.deployment.devAccounts!.artist;
  const c = stack.deployment.contracts as Record<string, Address>;
  const store = createContentStore(stack.dataDir);
  const png = await artworkPng(title.length * 7919, title);
  const preview = await makePreview(png);
  const previewCid = preview.ok ? (await store.put("previews", preview.bytes, { mediaType: preview.mediaType })).file.cid : undefined;
  const original = (await store.put("originals", png, { mediaType: "image/png", previewCid })).file;
  const metadata = new TextEncoder().encode(
    JSON.stringify({ name: title, description: "", kind: "Work", media: { cid: original.cid, sha256: original.sha256, mediaType: "image/png", size: png.length }, preview: previewCid, image: `ipfs://${original.cid}`, creator: artist, createdAt: new Date().toISOString(), tags: [] }),
  );
  await store.put("metadata", metadata, { mediaType: "application/json" });
  const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}` as Hex;
  await sendAs(stack, artist, {
    address: c.IPRegistry,
    abi: iPRegistryAbi,
    functionName: "register",
    args: [{ kind: 0, contentHash: original.sha256, contentCid: hex(fileCid(png).bytes), metadataCid: hex(rawCid(metadata).bytes), c2paManifestHash: zeroHash, royaltyBps: 500, parentLicenseIds: [], termsIds: [await presetId(stack, STREAMED)] }],
  });
  const ipId = await stack.clients.publicClient.readContract({ address: c.IPRegistry, abi: iPRegistryAbi, functionName: "ipIdOfContentHash", args: [original.sha256] });
  await sendAs(stack, artist, { address: c.RoyaltyPools, abi: royaltyPoolsAbi, functionName: "enableShares", args: [ipId] });
  const { shareToken, pool } = await sharesOf(stack, ipId);
  await sendAs(stack, artist, { address: stack.deployment.superfluid.gdaV1Forwarder, abi: gdaV1ForwarderAbi, functionName: "connectPool", args: [pool, "0x"] });
  if (onSale > 0n) await sendAs(stack, artist, { address: shareToken, abi: shareTokenAbi, functionName: "openSale", args: [onSale, pricePerShare] });
  return { ipId, shareToken, pool };
}

export async function sharesOf(stack: E2EStack, ipId: bigint) {
  const pools = stack.deployment.contracts.RoyaltyPools!;
  const { publicClient } = stack.clients;
  const [shareToken, pool] = await Promise.all([
    publicClient.readContract({ address: pools, abi: royaltyPoolsAbi, functionName: "shareTokenOf", args: [ipId] }),
    publicClient.readContract({ address: pools, abi: royaltyPoolsAbi, functionName: "poolOf", args: [ipId] }),
  ]);
  return { shareToken, pool };
}

/**
 * The AI company buys the streamed license of `ipId` and streams `multiple` x the terms' minimum rate into its
 * pool (the company must hold wrapped tokens for the stream's deposit). Returns the rate.
 */
export async function aiCompanyStreams(stack: E2EStack, ipId: bigint, multiple = 100n): Promise<bigint> {
  const company = stack.deployment.devAccounts!.aiCompany;
  const c = stack.deployment.contracts as Record<string, Address>;
  const termsId = await presetId(stack, STREAMED);
  const terms = await stack.clients.publicClient.readContract({ address: c.LicenseTerms, abi: licenseTermsAbi, functionName: "getTerms", args: [termsId] });
  await sendAs(stack, company, { address: stack.deployment.currency.superToken, abi: superTokenAbi, functionName: "approve", args: [c.LicenseToken, maxUint256] });
  await sendAs(stack, company, { address: c.LicenseToken, abi: licenseTokenAbi, functionName: "buyLicense", args: [ipId, termsId, 0n] });
  const { pool } = await sharesOf(stack, ipId);
  const rate = terms.minStreamRate * multiple;
  await sendAs(stack, company, {
    address: stack.deployment.superfluid.gdaV1Forwarder,
    abi: gdaV1ForwarderAbi,
    functionName: "distributeFlow",
    args: [stack.deployment.currency.superToken, company, pool, rate, "0x"],
  });
  return rate;
}
