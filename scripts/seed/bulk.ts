/**
 * Bulk seeding (`npm run seed -- --works N`): many varied works on a running local chain, fast, through the
 * protocol's verbs. Works come in rounds; each round's transactions go out without waiting for each other and are
 * mined many to a block (see Pipeline): every commitment of the round, then every reveal, then shares, licenses and
 * streams. The next round's images are drawn while the chain mines this one. Re-running adds more works: seeds
 * start after the registry's count, and content already registered is skipped.
 */
import { createContentStore } from "@ipnft/gateway/content/store";
import { iPRegistryAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import { toSuperTokenAmount } from "@ipnft/protocol/format";
import { licensePrice, termsAllow } from "@ipnft/protocol/terms";
import {
  approveCurrency,
  buyLicense,
  buyShares,
  commitRegistration,
  connectPool,
  contractAddress,
  currencyAllowance,
  enabledShares,
  enableShares,
  ipIdOfContentHash,
  mintTestCurrency,
  newRegistrationSalt,
  openSale,
  openStream,
  purchasedLicenseId,
  register,
  registeredIpId,
  registration,
  registrationCommitment,
  wrappedBalance,
  wrapSteps,
} from "@ipnft/protocol/verbs";
import { type Address, getAddress, type Hex, maxUint256, parseUnits } from "viem";
import { type StoredArtwork, storeArtwork } from "./artwork";
import { type Mined, Pipeline } from "./pipeline";
import { type OfferedTerms, termsOnOffer } from "./terms-variants";
import { planWork, type WorkPlan } from "./variety";

export interface BulkOptions {
  works: number;
  /** The gateway's content store (the app's DATA_DIR); `data/` by default. */
  dataDir?: string;
  /** Works a round; 250 by default. */
  round?: number;
  /** Side of each drawn original in pixels; 256 by default (previews are 256 or less either way). */
  imageSize?: number;
  log?: (line: string) => void;
}

export interface BulkReport {
  works: number;
  seconds: number;
  worksPerSecond: number;
  transactions: number;
  blocks: number;
  derivatives: number;
  licenses: number;
  sharesEnabled: number;
  shareSales: number;
  streams: number;
  lastIpId: bigint;
}

interface Prepared extends StoredArtwork {
  plan: WorkPlan;
  creator: Address;
  salt: Hex;
}

/** A registered work that offers derivative licenses, for later derivatives to license. */
interface Remixable {
  ipId: bigint;
  owner: Address;
  offer: OfferedTerms;
}

const salePrices = ["0.0001", "0.0002", "0.0005", "0.001"];

export async function seedBulk(deployment: Deployment, options: BulkOptions): Promise<BulkReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const pipeline = new Pipeline(deployment.rpcUrl);
  const client = pipeline.publicClient;
  const store = createContentStore(options.dataDir);
  const roundSize = options.round ?? 250;
  const dev = deployment.devAccounts;
  const unlocked = ((await client.request({ method: "eth_accounts" } as never)) as string[]).map((a) => getAddress(a));
  if (!dev || unlocked.length < 6) throw new Error("bulk seeding needs a local node's unlocked dev accounts");
  // The deployer (account 0) stays out; the AI company licenses and streams; everyone else creates and collects.
  const everyone = unlocked.slice(1);
  const aiCompany = getAddress(dev.aiCompany);
  const creators = everyone.filter((a) => a !== aiCompany);
  const licenseToken = contractAddress(deployment, "LicenseToken");
  const decimals = deployment.currency.decimals;
  const registry = contractAddress(deployment, "IPRegistry");
  const firstSeed =
    Number(await client.readContract({ address: registry, abi: iPRegistryAbi, functionName: "ipCount" })) + 1;

  const report: BulkReport = {
    works: 0,
    seconds: 0,
    worksPerSecond: 0,
    transactions: 0,
    blocks: 0,
    derivatives: 0,
    licenses: 0,
    sharesEnabled: 0,
    shareSales: 0,
    streams: 0,
    lastIpId: 0n,
  };
  await pipeline.start();
  try {
    // Money for everyone, wrapped, and the license contract allowed to take it: once, not per purchase.
    // Minting and wrapping take the stablecoin in its own decimals (6, as USDC); balances are the SuperToken's (18).
    const stablecoin = parseUnits("1000000", deployment.currency.underlyingDecimals);
    const wrapped = toSuperTokenAmount(deployment.currency, stablecoin);
    for (const account of everyone) {
      if ((await wrappedBalance(client, deployment, account)) < wrapped / 10n) {
        pipeline.send(account, mintTestCurrency(deployment, account, stablecoin));
        for (const { request } of wrapSteps(deployment, stablecoin)) pipeline.send(account, request);
      }
      if ((await currencyAllowance(client, deployment, account, licenseToken)) < maxUint256 / 2n) {
        pipeline.send(account, approveCurrency(deployment, licenseToken, maxUint256));
      }
    }
    await pipeline.flush();
    const offers = await termsOnOffer(client, deployment, pipeline);
    const streamed = offers.find((o) => o.terms.minStreamRate > 0n);
    const remixable: Remixable[] = [];

    const prepare = (from: number, count: number) =>
      prepareRound(store, from, count, offers.length, creators, options.imageSize ?? 256);
    let next = prepare(firstSeed, Math.min(roundSize, options.works));
    for (let done = 0; done < options.works; ) {
      const round = await next;
      done += round.length;
      const upcoming = Math.min(roundSize, options.works - done);
      if (upcoming > 0) next = prepare(firstSeed + done, upcoming);
      await seedRound(round);
      log(`${done} of ${options.works} works (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }

    /** The licenses other accounts buy of a work: its plan's count, under its offers in turn. */
    function licensesOf(w: Prepared) {
      const own = w.plan.terms.map((i) => offers[i]);
      return Array.from({ length: w.plan.licenses }, (_, k) => ({
        buyer: everyone[(w.plan.seed + 1 + k * 7) % everyone.length],
        offer: own[k % own.length],
      })).filter(({ buyer }) => buyer !== w.creator);
    }

    async function seedRound(round: Prepared[]) {
      // Content already registered (a run over the same chain twice) is skipped, not a failure.
      const known = await Promise.all(round.map((p) => ipIdOfContentHash(client, deployment, p.contentHash)));
      const fresh = round.filter((_, i) => known[i] === 0n);

      // 1. Every commitment, and the derivative licenses the reveals will name.
      const parentOf = new Map<Prepared, Remixable>();
      for (const p of fresh) {
        pipeline.send(
          p.creator,
          commitRegistration(deployment, registrationCommitment(p.contentHash, p.creator, p.salt)),
        );
        const parent = p.plan.derivative ? remixable[p.plan.seed % Math.max(remixable.length, 1)] : undefined;
        if (parent && parent.owner !== p.creator) {
          parentOf.set(p, parent);
          const fee = licensePrice(parent.offer.terms);
          pipeline.send(p.creator, buyLicense(deployment, parent.ipId, parent.offer.termsId, fee), "parent");
        }
      }
      const parentLicenses = (await pipeline.flush()).filter((m) => m.label === "parent").map(licenseIdOf);
      const parentLicense = new Map([...parentOf.keys()].map((p, i) => [p, parentLicenses[i]]));

      // 2. Every reveal: the birth certificates, with their terms attached.
      for (const p of fresh) {
        const termsIds = p.plan.terms.map((i) => offers[i].termsId);
        if (p.plan.stream && streamed && !termsIds.includes(streamed.termsId)) termsIds.push(streamed.termsId);
        const license = parentLicense.get(p);
        const r = registration({ ...p, kind: p.plan.kind, termsIds, parentLicenseIds: license ? [license] : [] });
        pipeline.send(p.creator, register(deployment, r, p.salt));
      }
      const ipIds = (await pipeline.flush()).map((m) => registeredIpId(m.receipt.logs)!);
      report.works += fresh.length;
      report.derivatives += parentLicense.size;
      if (ipIds.length) report.lastIpId = ipIds.at(-1)!;

      // 3. Shares enabled, licenses bought (the streamed one by the AI company that will stream).
      const works = fresh.map((p, i) => ({ ...p, ipId: ipIds[i] }));
      for (const w of works) {
        const own = w.plan.terms.map((i) => offers[i]);
        const remix = own.find((o) => termsAllow(o.terms, "derivative"));
        // A derivative's shares need its parents' shares: only works with shares become parents.
        if (remix && w.plan.shares) remixable.push({ ipId: w.ipId, owner: w.creator, offer: remix });
        if (w.plan.shares) pipeline.send(w.creator, enableShares(deployment, w.ipId), `shares:${w.ipId}`);
        // A work with shares is licensed in step 4, once its pool exists (streams and a derivative's royalty
        // need it); streamed terms are offered only there.
        for (const { buyer, offer } of w.plan.shares ? [] : licensesOf(w)) {
          if (offer.terms.minStreamRate > 0n) continue;
          pipeline.send(buyer, buyLicense(deployment, w.ipId, offer.termsId, licensePrice(offer.terms)), "license");
        }
      }
      const third = await pipeline.flush();
      report.licenses += third.filter((m) => m.label === "license").length;
      const pools = new Map(
        third
          .filter((m) => m.label.startsWith("shares:"))
          .map((m) => [BigInt(m.label.slice("shares:".length)), enabledShares(m.receipt.logs)!]),
      );
      report.sharesEnabled += pools.size;

      // 4. Sales opened, owners connected to their pools, buyers' approvals, streamed licenses and their streams.
      const buys: Array<{ fan: Address; shareToken: Address; amount: bigint; price: bigint }> = [];
      for (const w of works) {
        const shares = pools.get(w.ipId);
        if (!shares) continue;
        pipeline.send(w.creator, connectPool(deployment, shares.pool));
        for (const { buyer, offer } of licensesOf(w)) {
          pipeline.send(buyer, buyLicense(deployment, w.ipId, offer.termsId, licensePrice(offer.terms)), "license");
        }
        if (w.plan.sale) {
          const price = parseUnits(salePrices[w.plan.sale.priceTier], decimals);
          pipeline.send(w.creator, openSale(shares.shareToken, w.plan.sale.shares, price));
          report.shareSales++;
          for (let b = 0; b < w.plan.sale.buyers; b++) {
            const fan = everyone[(w.plan.seed + 3 + b * 5) % everyone.length];
            if (fan === w.creator) continue;
            const amount = w.plan.sale.shares / 4n;
            pipeline.send(fan, approveCurrency(deployment, shares.shareToken, amount * price));
            buys.push({ fan, shareToken: shares.shareToken, amount, price });
          }
        }
        if (w.plan.stream && streamed) {
          // One account's transactions are mined in nonce order: the license before its stream.
          const fee = licensePrice(streamed.terms);
          pipeline.send(aiCompany, buyLicense(deployment, w.ipId, streamed.termsId, fee), "license");
          pipeline.send(aiCompany, openStream(deployment, aiCompany, shares.pool, streamed.terms.minStreamRate * 2n));
          report.streams++;
        }
      }
      report.licenses += (await pipeline.flush()).filter((m) => m.label === "license").length;

      // 5. Fans buy shares.
      for (const b of buys) pipeline.send(b.fan, buyShares(b.shareToken, b.amount, b.price));
      await pipeline.flush();
    }
  } finally {
    await pipeline.stop();
  }
  report.seconds = (performance.now() - started) / 1000;
  report.worksPerSecond = report.works / report.seconds;
  report.transactions = pipeline.totals.transactions;
  report.blocks = pipeline.totals.blocks;
  log(`most gas used: ${[...pipeline.mostGas].map(([name, gas]) => `${name} ${gas}`).join(", ")}`);
  return report;
}

function licenseIdOf(m: Mined): bigint {
  const id = purchasedLicenseId(m.receipt.logs);
  if (id === undefined) throw new Error(`license purchase ${m.receipt.transactionHash} records no license`);
  return id;
}

/** Plans, draws and stores a round's works, four at a time (sharp draws on its own threads). */
async function prepareRound(
  store: ReturnType<typeof createContentStore>,
  firstSeed: number,
  count: number,
  termsCount: number,
  creators: Address[],
  size: number,
): Promise<Prepared[]> {
  const prepared: Prepared[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const plan = planWork(firstSeed + i, termsCount);
      const creator = creators[plan.seed % creators.length];
      const createdAt = new Date(Date.UTC(2026, 0, 1) + plan.seed * 60_000);
      const artwork = await storeArtwork(store, { ...plan, creator, createdAt, size });
      prepared[i] = { ...artwork, plan, creator, salt: newRegistrationSalt() };
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return prepared;
}
