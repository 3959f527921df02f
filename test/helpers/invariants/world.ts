/**
 * The world an invariant sequence runs in: a fresh chain with the real Superfluid protocol, the accounts and their
 * roles, three offers (streamed and metered, a transferable flat fee that expires, transferable metered terms) on two
 * IPs with their shares enabled, shares of the first on sale, and the sequence's seeded generator.
 */
import { superfluidPoolAbi } from "@ipnft/protocol/abis";
import type { Hex } from "viem";
import { parseEther } from "viem";
import { deployedChain } from "../chain";
import {
  addresses,
  approveSuperToken,
  type Chain,
  fundSuperToken,
  Preset,
  register,
  registerTerms,
  terms,
} from "../protocol";
import { enableShares, openSale, royaltyAddresses } from "../royalties";
import type { Ip, Offer } from "./model";
import { rng } from "./rng";

export const MIN_RATE = 11_574_074_000_000n;

/** A step of a sequence: its name, what it does, and its weight among the steps. */
export type Action = [string, () => Promise<void>, number];

export async function setUpWorld(seed: number) {
  const chain: Chain = await deployedChain();
  const r = rng(seed);
  const [, artist, aiCompany, fanA, fanB, fanC] = chain.wallets;
  const fans = [fanA, fanB, fanC];
  const holders = [artist, ...fans];
  const licensees = [aiCompany, fanA, fanB];
  const bystander = fanC; // never buys nor receives a license
  const { licenses: licenseToken, superToken } = addresses(chain);
  const { meter } = royaltyAddresses(chain);
  const wait = async (hash: Hex) => chain.publicClient.waitForTransactionReceipt({ hash });
  /** Sends a transaction; false (and nothing changed) if it reverts. */
  const attempt = async (send: () => Promise<Hex>) => {
    try {
      const receipt = await wait(await send());
      return receipt.status === "success" ? receipt : null;
    } catch {
      return null;
    }
  };
  for (const w of [aiCompany, ...fans]) await fundSuperToken(chain, w, parseEther("100000"));
  for (const w of licensees) {
    await approveSuperToken(chain, w, licenseToken);
    await approveSuperToken(chain, w, meter);
  }

  // Offers: the streamed-and-metered preset, a transferable flat fee that expires (its fee not a whole multiple of
  // the pool's units: the remainder goes back to the buyer), transferable metered terms (odd unit price too).
  const flat = await registerTerms(
    chain,
    artist,
    terms(chain, {
      upfrontFee: parseEther("5") + 123n,
      duration: 6 * 3600,
      transferable: true,
      legalTextURI: "urn:inv:flat",
    }),
  );
  const metered = await registerTerms(
    chain,
    artist,
    terms(chain, {
      upfrontFee: 0n,
      duration: 0,
      transferable: true,
      pricePerUnit: parseEther("0.01") + 7n,
      maxUnpaidUnits: 3n,
      legalTextURI: "urn:inv:metered",
    }),
  );
  const offers: Offer[] = [
    {
      termsId: Preset.AiTrainingStreamed,
      label: "streamed",
      price: MIN_RATE * 7n * 24n * 3600n,
      duration: 0n,
      minRate: MIN_RATE,
      pricePerUnit: parseEther("0.01"),
      maxUnpaid: 100n,
    },
    {
      termsId: flat,
      label: "flat",
      price: parseEther("5") + 123n,
      duration: 6n * 3600n,
      minRate: 0n,
      pricePerUnit: 0n,
      maxUnpaid: 0n,
    },
    {
      termsId: metered,
      label: "metered",
      price: 0n,
      duration: 0n,
      minRate: 0n,
      pricePerUnit: parseEther("0.01") + 7n,
      maxUnpaid: 3n,
    },
  ];
  const ips: Ip[] = [];
  for (let i = 0; i < 2; i++) {
    const { ipId } = await register(chain, artist, { termsIds: offers.map((o) => o.termsId) });
    const { shareToken, pool } = await enableShares(chain, artist, ipId);
    ips.push({
      ipId,
      shareToken,
      pool,
      paidIn: 0n,
      lastRate: 0n,
      lastTime: (await chain.publicClient.getBlock()).timestamp,
    });
  }
  const [A] = ips;
  await openSale(chain, artist, A.shareToken, 600_000n, parseEther("0.0001"));
  const now = async () => (await chain.publicClient.getBlock()).timestamp;

  /** Streams into each pool since the last look: rate x time at the pool's actual total rate. */
  const streamedSince = async () => {
    const t = await now();
    for (const ip of ips) {
      ip.paidIn += ip.lastRate * (t - ip.lastTime);
      ip.lastTime = t;
    }
  };
  const refreshRates = async () => {
    for (const ip of ips) {
      ip.lastRate = BigInt(
        await chain.publicClient.readContract({
          address: ip.pool,
          abi: superfluidPoolAbi,
          functionName: "getTotalFlowRate",
        }),
      );
    }
  };
  const sequenceStart = await chain.publicClient.getBlockNumber();
  return {
    seed,
    chain,
    r,
    artist,
    fans,
    holders,
    licensees,
    bystander,
    licenseToken,
    superToken,
    meter,
    wait,
    attempt,
    offers,
    ips,
    A,
    now,
    streamedSince,
    refreshRates,
    sequenceStart,
  };
}

export type World = Awaited<ReturnType<typeof setUpWorld>>;
