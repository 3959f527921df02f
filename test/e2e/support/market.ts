/**
 * Other people's moves in a journey, made straight on the chain through the node's unlocked accounts
 * (real transactions, as their own wallets would send them): an artist's work with revenue shares on
 * sale, and an AI company streaming royalties into it.
 */

import { makePreview } from "@ipnft/gateway/content/preview";
import { createContentStore } from "@ipnft/gateway/content/store";
import { cidBytes, rawCidOf } from "@ipnft/protocol/content";
import { licensePrice } from "@ipnft/protocol/terms";
import {
  buyLicenseSteps,
  type ContractWrite,
  connectPool,
  enableShares,
  ipIdOfContentHash,
  openSale,
  openStream,
  presetNamed,
  sharesOf as readShares,
  registrationSteps,
  type Step,
  sendWrite,
  termsPresets,
} from "@ipnft/protocol/verbs";
import type { Address } from "viem";
import { artworkPng } from "../../../scripts/seed/images";
import type { E2EStack } from "./stack";

export const STREAMED = "AI training, streamed and metered";

/** Sends a verb's request (or a sequence's steps) as `account`, one of the node's unlocked accounts. */
export async function sendAs(stack: E2EStack, account: Address, ...requests: Array<ContractWrite | Step>) {
  for (const r of requests) await sendWrite({ ...stack.clients, account }, "step" in r ? r.request : r);
}

export async function preset(stack: E2EStack, name: string) {
  return presetNamed(await termsPresets(stack.clients.publicClient, stack.deployment), name);
}

/** The artist registers a work (image, preview and metadata in the stack's store), enables shares, connects, and offers `onSale` shares. */
export async function workWithSharesOnSale(stack: E2EStack, title: string, onSale: bigint, pricePerShare: bigint) {
  const { deployment } = stack;
  const artist = deployment.devAccounts!.artist;
  const store = createContentStore(stack.dataDir);
  const png = await artworkPng(title.length * 7919, title);
  const preview = await makePreview(png);
  const previewCid = preview.ok
    ? (await store.put("previews", preview.bytes, { mediaType: preview.mediaType })).file.cid
    : undefined;
  const original = (await store.put("originals", png, { mediaType: "image/png", previewCid })).file;
  const metadata = new TextEncoder().encode(
    JSON.stringify({
      name: title,
      description: "",
      kind: "Work",
      media: { cid: original.cid, sha256: original.sha256, mediaType: "image/png", size: png.length },
      preview: previewCid,
      image: `ipfs://${original.cid}`,
      creator: artist,
      createdAt: new Date().toISOString(),
      tags: [],
    }),
  );
  await store.put("metadata", metadata, { mediaType: "application/json" });
  const registration = {
    contentHash: original.sha256,
    contentCid: cidBytes(original.cid),
    metadataCid: cidBytes(await rawCidOf(metadata)),
    termsIds: [(await preset(stack, STREAMED)).termsId],
  };
  await sendAs(stack, artist, ...registrationSteps(deployment, registration, { creator: artist }));
  const ipId = await ipIdOfContentHash(stack.clients.publicClient, deployment, original.sha256);
  await sendAs(stack, artist, enableShares(deployment, ipId));
  const { shareToken, pool } = await sharesOf(stack, ipId);
  await sendAs(stack, artist, connectPool(deployment, pool));
  if (onSale > 0n) await sendAs(stack, artist, openSale(shareToken, onSale, pricePerShare));
  return { ipId, shareToken, pool };
}

export async function sharesOf(stack: E2EStack, ipId: bigint) {
  const shares = await readShares(stack.clients.publicClient, stack.deployment, ipId);
  if (!shares) throw new Error(`IP ${ipId} has no shares`);
  return shares;
}

/**
 * The AI company buys the streamed license of `ipId` and streams `multiple` x the terms' minimum rate into its
 * pool (the company must hold wrapped tokens for the stream's deposit). Returns the rate.
 */
export async function aiCompanyStreams(stack: E2EStack, ipId: bigint, multiple = 100n): Promise<bigint> {
  const { deployment } = stack;
  const company = deployment.devAccounts!.aiCompany;
  const { termsId, terms } = await preset(stack, STREAMED);
  await sendAs(stack, company, ...buyLicenseSteps(deployment, { ipId, termsId, maxFee: licensePrice(terms) }));
  const { pool } = await sharesOf(stack, ipId);
  const rate = terms.minStreamRate * multiple;
  await sendAs(stack, company, openStream(deployment, company, pool, rate));
  return rate;
}
