/**
 * Demo seeding step: a living catalog. Three artists register twelve works, styles and a dataset whose
 * images are drawn locally and stored through the gateway's content store (so previews, CIDs and
 * metadata are real), offer licenses under the shipped presets, create revenue shares and sell part of
 * them to three fans; one artist licenses another's work and registers a derivative of it; the AI company
 * buys flat-fee training licenses. Accounts are the node's unlocked ones: the dev roles, then index 4+.
 * Running it again changes nothing that is already in place.
 */

import { makePreview } from "@ipnft/gateway/content/preview";
import { createContentStore } from "@ipnft/gateway/content/store";
import { cidBytes, rawCidOf } from "@ipnft/protocol/content";
import type { Deployment } from "@ipnft/protocol/deployment";
import { toSuperTokenAmount } from "@ipnft/protocol/format";
import type { Use } from "@ipnft/protocol/terms";
import {
  approveCurrency,
  buyLicenseSteps,
  buySharesSteps,
  connectPool,
  contractAddress,
  currencyAllowance,
  enableShares,
  faucetSteps,
  findLicense,
  holderIncome,
  ipIdOfContentHash,
  openSale,
  presetNamed,
  registrationSteps,
  sendSteps,
  sendWrite,
  shareBalance,
  sharesOf,
  termsPresets,
  wrappedBalance,
} from "@ipnft/protocol/verbs";
import type { Kind, WorkMetadata } from "@ipnft/protocol/work-metadata";
import { type Address, getAddress, maxUint256, parseUnits } from "viem";
import { nodeClients } from "../stack/local-stack";
import { artworkPng } from "./images";

type Preset =
  | "No AI training"
  | "AI training, flat fee"
  | "AI training, streamed and metered"
  | "Commercial remix with derivative royalty";

interface DemoWork {
  artist: 0 | 1 | 2;
  title: string;
  kind: Kind;
  description: string;
  tags: string[];
  presets: Preset[];
  /** Shares offered to fans; undefined leaves shares off. */
  sale?: { shares: bigint; price: string };
  /** Fans (0..2) who buy shares, and how many. */
  buyers?: Array<[0 | 1 | 2, bigint]>;
  /** The AI company buys a flat-fee training license. */
  trainedOn?: boolean;
  /** Registered as a derivative of the catalog's work at this index (the artist licenses it first). */
  derivativeOf?: number;
}

// Work 0 stays without shares: the streams step (run after this one) enables them, sells a quarter to the
// fan and opens the AI company's stream into it.
export const demoWorks: DemoWork[] = [
  {
    artist: 0,
    title: "Harbour at dawn",
    kind: "Work",
    description: "Fishing boats leaving a quiet harbour, in soft layered shapes.",
    tags: ["sea", "morning"],
    presets: ["AI training, flat fee", "AI training, streamed and metered"],
  },
  {
    artist: 0,
    title: "Paper lanterns",
    kind: "Work",
    description: "Warm lanterns over a night market.",
    tags: ["night", "festival"],
    presets: ["Commercial remix with derivative royalty", "AI training, flat fee"],
    sale: { shares: 200_000n, price: "0.0002" },
    buyers: [
      [0, 50_000n],
      [1, 30_000n],
    ],
    trainedOn: true,
  },
  {
    artist: 0,
    title: "Ink & salt",
    kind: "Style",
    description: "The reference set of my ink-wash seascapes: the style, licensable for training.",
    tags: ["style", "ink"],
    presets: ["AI training, flat fee", "No AI training"],
    sale: { shares: 100_000n, price: "0.001" },
    buyers: [[2, 20_000n]],
  },
  {
    artist: 1,
    title: "Neon orchard",
    kind: "Work",
    description: "Fruit trees under city light.",
    tags: ["city", "nature"],
    presets: ["No AI training"],
    sale: { shares: 300_000n, price: "0.0001" },
    buyers: [
      [0, 100_000n],
      [2, 40_000n],
    ],
  },
  {
    artist: 1,
    title: "Glass birds",
    kind: "Work",
    description: "A flock caught in refracted light.",
    tags: ["birds", "light"],
    presets: ["AI training, flat fee"],
    sale: { shares: 150_000n, price: "0.0003" },
    buyers: [[1, 60_000n]],
    trainedOn: true,
  },
  {
    artist: 1,
    title: "Quiet geometry",
    kind: "Style",
    description: "Reference set for my flat geometric style.",
    tags: ["style", "geometric"],
    presets: ["AI training, streamed and metered", "No AI training"],
  },
  {
    artist: 1,
    title: "Street signs of 2026",
    kind: "Dataset",
    description: "A curated training set of hand-lettered signs.",
    tags: ["dataset", "lettering"],
    presets: ["AI training, flat fee", "AI training, streamed and metered"],
    sale: { shares: 250_000n, price: "0.0001" },
    buyers: [[0, 25_000n]],
  },
  {
    artist: 2,
    title: "Desert bloom",
    kind: "Work",
    description: "Cacti in flower after the first rain.",
    tags: ["desert", "flowers"],
    presets: ["Commercial remix with derivative royalty"],
    sale: { shares: 100_000n, price: "0.0005" },
    buyers: [[1, 10_000n]],
  },
  {
    artist: 2,
    title: "Tidal clock",
    kind: "Work",
    description: "Time measured in waves.",
    tags: ["sea", "time"],
    presets: ["No AI training", "AI training, flat fee"],
  },
  {
    artist: 2,
    title: "Velvet thunder",
    kind: "Work",
    description: "A storm front in deep purples.",
    tags: ["storm", "sky"],
    presets: ["AI training, flat fee"],
    sale: { shares: 50_000n, price: "0.002" },
  },
  {
    artist: 0,
    title: "Moss and stone",
    kind: "Work",
    description: "A forest floor, close up.",
    tags: ["forest", "macro"],
    presets: ["No AI training", "Commercial remix with derivative royalty"],
  },
  {
    artist: 2,
    title: "Lanterns, remixed",
    kind: "Work",
    description: "A remix of “Paper lanterns”, licensed from its artist; it owes the original a share of its income.",
    tags: ["remix", "night"],
    presets: ["No AI training"],
    derivativeOf: 1,
    sale: { shares: 100_000n, price: "0.0002" },
    buyers: [[2, 15_000n]],
  },
];

export interface SeededCatalog {
  artists: Address[];
  fans: Address[];
  ipIds: bigint[];
}

export async function seedCatalog(deployment: Deployment, options: { dataDir?: string } = {}): Promise<SeededCatalog> {
  const { clients, accounts } = await nodeClients(deployment.rpcUrl);
  const { publicClient } = clients;
  const dev = deployment.devAccounts;
  if (!dev || accounts.length < 8)
    throw new Error("seedCatalog needs the dev accounts and four more unlocked node accounts");
  const artists = [dev.artist, accounts[4], accounts[5]].map((a) => getAddress(a));
  const fans = [dev.fan, accounts[6], accounts[7]].map((a) => getAddress(a));
  const aiCompany = getAddress(dev.aiCompany);
  const licenseToken = contractAddress(deployment, "LicenseToken");
  const store = createContentStore(options.dataDir);
  const as = (account: Address) => ({ ...clients, account });

  // The extra artists and fans get test money, wrapped, like the dev roles.
  const wrapped = parseUnits("500", deployment.currency.underlyingDecimals); // of the stablecoin, its decimals
  for (const account of [artists[1], artists[2], fans[1], fans[2]]) {
    const enough = toSuperTokenAmount(deployment.currency, wrapped);
    if ((await wrappedBalance(publicClient, deployment, account)) >= enough) continue;
    await sendSteps(as(account), faucetSteps(deployment, account, wrapped));
  }
  for (const account of [...fans, aiCompany, artists[2]]) {
    if ((await currencyAllowance(publicClient, deployment, account, licenseToken)) === 0n) {
      await sendWrite(as(account), approveCurrency(deployment, licenseToken, maxUint256));
    }
  }

  const presets = await termsPresets(publicClient, deployment);
  const preset = (name: Preset) => presetNamed(presets, name);
  /** Buys a license of `ipId` under the preset unless `account` already holds one granting `use`. */
  const ensureLicense = async (account: Address, ipId: bigint, name: Preset, use: Use) => {
    const { termsId, terms } = preset(name);
    if ((await findLicense(publicClient, deployment, ipId, account, use)) === 0n) {
      const allowance = await currencyAllowance(publicClient, deployment, account, licenseToken);
      await sendSteps(as(account), buyLicenseSteps(deployment, { ipId, termsId, maxFee: terms.upfrontFee, allowance }));
    }
    return findLicense(publicClient, deployment, ipId, account, use);
  };

  const ipIds: bigint[] = [];
  for (const [index, work] of demoWorks.entries()) {
    const creator = artists[work.artist];
    const png = await artworkPng(1000 + index * 37, work.title);
    const preview = await makePreview(png);
    const previewCid = preview.ok
      ? (await store.put("previews", preview.bytes, { mediaType: preview.mediaType })).file.cid
      : undefined;
    const original = (await store.put("originals", png, { mediaType: "image/png", previewCid })).file;
    const metadata: WorkMetadata = {
      name: work.title,
      description: work.description,
      kind: work.kind,
      media: { cid: original.cid, sha256: original.sha256, mediaType: "image/png", size: png.length },
      ...(previewCid ? { preview: previewCid } : {}),
      image: `ipfs://${original.cid}`,
      creator,
      createdAt: new Date(Date.UTC(2026, 0, 1 + index * 9)).toISOString(),
      tags: work.tags,
    };
    const metadataBytes = new TextEncoder().encode(JSON.stringify(metadata));
    await store.put("metadata", metadataBytes, { mediaType: "application/json" });

    let ipId = await ipIdOfContentHash(publicClient, deployment, original.sha256);
    if (ipId === 0n) {
      const parentLicenseIds: bigint[] = [];
      if (work.derivativeOf !== undefined) {
        parentLicenseIds.push(
          await ensureLicense(
            creator,
            ipIds[work.derivativeOf],
            "Commercial remix with derivative royalty",
            "derivative",
          ),
        );
      }
      const registration = {
        kind: work.kind,
        contentHash: original.sha256,
        contentCid: cidBytes(original.cid),
        metadataCid: cidBytes(await rawCidOf(metadataBytes)),
        parentLicenseIds,
        termsIds: work.presets.map((name) => preset(name).termsId),
      };
      await sendSteps(as(creator), registrationSteps(deployment, registration, { creator }));
      ipId = await ipIdOfContentHash(publicClient, deployment, original.sha256);
    }
    ipIds.push(ipId);

    if (work.sale) {
      if (!(await sharesOf(publicClient, deployment, ipId)))
        await sendWrite(as(creator), enableShares(deployment, ipId));
      const { shareToken, pool } = (await sharesOf(publicClient, deployment, ipId))!;
      if (!(await holderIncome(publicClient, deployment, ipId, creator)).connected) {
        await sendWrite(as(creator), connectPool(deployment, pool));
      }
      const price = parseUnits(work.sale.price, deployment.currency.decimals);
      const bought = await Promise.all(
        (work.buyers ?? []).map(([f]) => shareBalance(publicClient, shareToken, fans[f])),
      );
      if (bought.every((b) => b === 0n)) {
        await sendWrite(as(creator), openSale(shareToken, work.sale.shares, price));
        for (const [f, amount] of work.buyers ?? []) {
          await sendSteps(as(fans[f]), buySharesSteps(deployment, { shareToken, amount, maxPricePerShare: price }));
        }
      }
    }

    if (work.trainedOn) await ensureLicense(aiCompany, ipId, "AI training, flat fee", "training");
  }
  return { artists, fans, ipIds };
}
