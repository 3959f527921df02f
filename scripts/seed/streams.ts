/**
 * Demo seeding step: money moving on first open. On one of the artist's works (the first one registered, or a
 * work of its own if there is none yet) it makes sure the "AI training, streamed and metered" terms are
 * attached, enables revenue shares, sells a quarter of them to the fan, has the AI company buy a streamed
 * license, open a stream into the work's royalty pool at twice the terms' minimum rate and settle a signed usage
 * receipt. Running it twice changes nothing that is already in place.
 */

import { createHash } from "node:crypto";
import { iPRegistryAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import { licensePrice } from "@ipnft/protocol/terms";
import {
  approveCurrency,
  attachedTerms,
  attachTerms,
  buyLicenseSteps,
  buySharesSteps,
  connectPool,
  contractAddress,
  enableShares,
  holderIncome,
  ipIdOfContentHash,
  licenseeFlowRate,
  licenseUnderTerms,
  openSale,
  openStream,
  presetNamed,
  purchasedLicenseId,
  registrationSteps,
  sendSteps,
  sendWrite,
  settleUsage,
  shareBalance,
  sharesOf,
  termsPresets,
  usageOf,
  usageReceiptTypedData,
} from "@ipnft/protocol/verbs";
import type { Address, Hex } from "viem";
import { concat, maxUint256, toHex } from "viem";
import { nodeClients } from "../stack/local-stack";

const STREAMED_PRESET = "AI training, streamed and metered";

export interface SeededStream {
  ipId: bigint;
  pool: Address;
  shareToken: Address;
  licenseId: bigint;
  flowRate: bigint;
}

export async function seedStreams(deployment: Deployment): Promise<SeededStream> {
  const { clients } = await nodeClients(deployment.rpcUrl);
  const { publicClient, walletClient } = clients;
  const { artist, aiCompany, fan } = deployment.devAccounts ?? {};
  if (!artist || !aiCompany || !fan) throw new Error("seedStreams needs the dev accounts (local chain only)");
  const as = (account: Address) => ({ ...clients, account });
  const registry = contractAddress(deployment, "IPRegistry");

  // The terms of the streamed preset, as LicenseTerms ships it.
  const { termsId: streamedTerms, terms } = presetNamed(await termsPresets(publicClient, deployment), STREAMED_PRESET);

  // A work of the artist's: the first registered, or one of our own.
  let ipId = 0n;
  const count = await publicClient.readContract({ address: registry, abi: iPRegistryAbi, functionName: "ipCount" });
  for (let id = 1n; id <= count && ipId === 0n; id++) {
    const [owner, parents] = await publicClient.readContract({
      address: registry,
      abi: iPRegistryAbi,
      functionName: "ownerAndParentCount",
      args: [id],
    });
    if (owner.toLowerCase() === artist.toLowerCase() && parents === 0n) ipId = id;
  }
  if (ipId === 0n) {
    const digest = (text: string): Hex => `0x${createHash("sha256").update(text).digest("hex")}`;
    const cid = (d: Hex): Hex => concat([toHex(new Uint8Array([1, 0x55, 0x12, 0x20])), d]);
    const contentHash = digest("demo: a streamed training set");
    const metadataCid = cid(digest(JSON.stringify({ name: "Demo training set", kind: "dataset" })));
    const registration = { kind: "Dataset" as const, contentHash, contentCid: cid(contentHash), metadataCid };
    await sendSteps(as(artist), registrationSteps(deployment, registration, { creator: artist }));
    ipId = await ipIdOfContentHash(publicClient, deployment, contentHash);
  }

  if (!(await attachedTerms(publicClient, deployment, ipId)).includes(streamedTerms)) {
    await sendWrite(as(artist), attachTerms(deployment, ipId, streamedTerms));
  }

  // Revenue shares: enabled, the artist connected, a quarter sold to the fan.
  if (!(await sharesOf(publicClient, deployment, ipId))) await sendWrite(as(artist), enableShares(deployment, ipId));
  const { shareToken, pool } = (await sharesOf(publicClient, deployment, ipId))!;
  if (!(await holderIncome(publicClient, deployment, ipId, artist)).connected) {
    await sendWrite(as(artist), connectPool(deployment, pool));
  }
  if ((await shareBalance(publicClient, shareToken, fan)) === 0n) {
    const quarter = 250_000n;
    const price = 10n ** BigInt(deployment.currency.decimals - 4); // 0.0001 per share: 25 for a quarter
    await sendWrite(as(artist), openSale(shareToken, quarter, price));
    await sendSteps(as(fan), buySharesSteps(deployment, { shareToken, amount: quarter, maxPricePerShare: price }));
  }

  // The AI company: a streamed license, a stream at twice the minimum, a settled usage receipt.
  let licenseId = await licenseUnderTerms(publicClient, deployment, ipId, aiCompany, streamedTerms);
  if (licenseId === 0n) {
    const purchase = { ipId, termsId: streamedTerms, maxFee: licensePrice(terms) };
    const receipt = (await sendSteps(as(aiCompany), buyLicenseSteps(deployment, purchase))).at(-1)!;
    licenseId = purchasedLicenseId(receipt.logs)!;
  }
  const flowRate = terms.minStreamRate * 2n;
  if ((await licenseeFlowRate(publicClient, deployment, ipId, aiCompany)) < terms.minStreamRate) {
    await sendWrite(as(aiCompany), openStream(deployment, aiCompany, pool, flowRate));
  }
  if ((await usageOf(publicClient, deployment, licenseId, aiCompany)).reported === 0n) {
    await sendWrite(as(aiCompany), approveCurrency(deployment, contractAddress(deployment, "UsageMeter"), maxUint256));
    const receipt = { licenseId, licensee: aiCompany, cumulativeUnits: 3n };
    const signature = await walletClient.signTypedData({
      account: aiCompany,
      ...usageReceiptTypedData(deployment, receipt),
    });
    await sendWrite(as(aiCompany), settleUsage(deployment, receipt, signature));
  }
  return { ipId, pool, shareToken, licenseId, flowRate };
}
