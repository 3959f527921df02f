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
import type { Account, Address } from "viem";
import { artworkPng } from "../../../scripts/seed/images";
import type { E2EStack } from "./stack";

export const STREAMED = "AI training, streamed and metered";

/** What the market's moves need of a stack: its chain clients, deployment and content store. */
type Market = Pick<E2EStack, "clients" | "deployment" | "dataDir">;

/**
 * Sends a verb's request (or a sequence's steps) as `account`: one of the node's unlocked accounts (an address), or
 * an account holding its own key, which signs here (the production rehearsal has no unlocked accounts).
 */
export async function sendAs(stack: Market, account: Address | Account, ...requests: Array<ContractWrite | Step>) {
  for (const r of requests) await sendWrite({ ...stack.clients, account }, "step" in r ? r.request : r);
}

export async function preset(stack: Market, name: string) {
  return presetNamed(await termsPresets(stack.clients.publicClient, stack.deployment), name);
}

/**
 * The artist (the dev artist unless given) registers a work (image, preview and metadata in the stack's store),
 * enables shares, connects, and offers `onSale` shares.
 */
export async function workWithSharesOnSale(
  stack: Market,
  title: string,
  onSale: bigint,
  pricePerShare: bigint,
  artistAccount: Address | Account = stack.deployment.devAccounts!.artist,
) {
  const { deployment } = stack;
  const artist = typeof artistAccount === "string" ? artistAccount : artistAccount.address;
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
  await sendAs(stack, artistAccount, ...registrationSteps(deployment, registration, { creator: artist }));
  const ipId = await ipIdOfContentHash(stack.clients.publicClient, deployment, original.sha256);
  await sendAs(stack, artistAccount, enableShares(deployment, ipId));
  const { shareToken, pool } = await sharesOf(stack, ipId);
  await sendAs(stack, artistAccount, connectPool(deployment, pool));
  if (onSale > 0n) await sendAs(stack, artistAccount, openSale(shareToken, onSale, pricePerShare));
  return { ipId, shareToken, pool };
}

export async function sharesOf(stack: Market, ipId: bigint) {
  const shares = await readShares(stack.clients.publicClient, stack.deployment, ipId);
  if (!shares) throw new Error(`IP ${ipId} has no shares`);
  return shares;
}

/**
 * The AI company buys the streamed license of `ipId` and streams `multiple` x the terms' minimum rate into its
 * pool (the company, the dev one unless given, must hold wrapped tokens for the stream's deposit). Returns the rate.
 */
export async function aiCompanyStreams(
  stack: Market,
  ipId: bigint,
  multiple = 100n,
  companyAccount: Address | Account = stack.deployment.devAccounts!.aiCompany,
): Promise<bigint> {
  const { deployment } = stack;
  const company = typeof companyAccount === "string" ? companyAccount : companyAccount.address;
  const { termsId, terms } = await preset(stack, STREAMED);
  await sendAs(stack, companyAccount, ...buyLicenseSteps(deployment, { ipId, termsId, maxFee: licensePrice(terms) }));
  const { pool } = await sharesOf(stack, ipId);
  const rate = terms.minStreamRate * multiple;
  await sendAs(stack, companyAccount, openStream(deployment, company, pool, rate));
  return rate;
}
