import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { datasetsAbi, royaltyPoolsAbi } from "@ipnft/protocol/abis";
import { claimMemberIncome, verifyDatasetMembers } from "@ipnft/protocol/verbs";
import type { Address } from "viem";
import { getAddress, parseEther } from "viem";
import { deployedChain } from "../helpers/chain";
import {
  add,
  claimable,
  datasetsAddress,
  openDataset,
  payeeOf,
  remove,
  signConsent,
  simulateAdd,
} from "../helpers/datasets";
import {
  attachTerms,
  buyLicense,
  type Chain,
  fundSuperToken,
  Kind,
  Preset,
  register,
  send,
  superTokenBalance,
} from "../helpers/protocol";
import { distributeFlow, enableShares, poolUnits, realtimeBalance, settleUsage, signUsage } from "../helpers/royalties";

const owner = { kind: "owner" } as const;

describe("Datasets: one GDA pool pays every contributor", () => {
  let chain: Chain;
  before(async () => {
    chain = await deployedChain();
    for (const w of chain.wallets.slice(1, 7)) await fundSuperToken(chain, w, parseEther("100000"));
  });
  const curator = () => chain.wallets[1];
  const aiCompany = () => chain.wallets[2];
  const artists = () => chain.wallets.slice(3, 6);
  const stranger = () => chain.wallets[6];

  /** Three works by three artists, joined to a fresh dataset with weights 1, 2, 3 by their owners' signatures. */
  async function datasetOfThree(curatorBps = 2500, termsIds: bigint[] = []) {
    const { datasetId, pool } = await openDataset(chain, curator(), curatorBps, termsIds);
    const works: bigint[] = [];
    for (const artist of artists()) works.push((await register(chain, artist)).ipId);
    const weights = [1, 2, 3];
    const members = await Promise.all(
      works.map(async (ipId, i) => ({
        ipId,
        weight: weights[i],
        consent: await signConsent(chain, artists()[i], datasetId, ipId, weights[i]),
      })),
    );
    await add(chain, curator(), datasetId, members);
    const payees = await Promise.all(works.map((ipId) => payeeOf(chain, ipId)));
    return { datasetId, pool, works, payees };
  }

  it("a stream into a dataset of 3 members weighted 1/2/3 reaches them 1/6, 2/6, 3/6 after the curator's 25%", async () => {
    const { datasetId, pool, payees } = await datasetOfThree(2500);
    // 25% = 2500 : 7500 = 1 : 3 (g = 2500): member units 3/6/9, the curator's 6 x 1 = 6, 24 in all: exactly 25%
    assert.equal(await poolUnits(chain, pool), 24n);
    assert.equal(await poolUnits(chain, pool, curator().account.address), 6n);
    const rate = 24n * 30_000_000_000n; // a whole multiple of the units: nothing is rounded away
    await distributeFlow(chain, aiCompany(), pool, rate);
    const curatorBefore = await realtimeBalance(chain, curator().account.address);
    const start = await Promise.all(payees.map((p) => claimable(chain, pool, p)));
    await chain.networkHelpers.time.increase(1000);
    await chain.networkHelpers.mine();
    const curatorAfter = await realtimeBalance(chain, curator().account.address);
    const elapsed = curatorAfter.timestamp - curatorBefore.timestamp;
    const streamed = rate * elapsed;
    const got = await Promise.all(payees.map(async (p, i) => (await claimable(chain, pool, p)) - start[i]));
    const members = (streamed * 3n) / 4n;
    // exact to the wei: the rate is a multiple of the pool's units (in general the bound is units - 1 wei/s)
    assert.deepEqual(got, [members / 6n, (members * 2n) / 6n, (members * 3n) / 6n]);
    assert.equal(curatorAfter.available - curatorBefore.available, streamed / 4n, "the curator's 25%, connected");
    const [flowRate, , units] = await chain.publicClient.readContract({
      address: datasetsAddress(chain),
      abi: datasetsAbi,
      functionName: "memberIncome",
      args: [datasetId, (await datasetOfThreeIds(datasetId))[2]],
    });
    assert.equal(units, 9n);
    assert.equal(flowRate, (rate * 3n) / 8n);
    await distributeFlow(chain, aiCompany(), pool, 0n);
  });

  /** The member ids of `datasetId`, from its verified event log. */
  async function datasetOfThreeIds(datasetId: bigint) {
    const replay = await verifyDatasetMembers(chain.publicClient, chain.deployment, datasetId);
    return replay.members.map((m) => m.ipId);
  }

  it("a member removed mid-stream stops accruing while the others go on, and its earnings stay claimable", async () => {
    const { datasetId, pool, works, payees } = await datasetOfThree(2500);
    const rate = 24n * 30_000_000_000n;
    await distributeFlow(chain, aiCompany(), pool, rate);
    await chain.networkHelpers.time.increase(100);
    await remove(chain, curator(), datasetId, [works[1]]);
    assert.equal(await poolUnits(chain, pool, payees[1]), 0n);
    // members 3 + 9 units (weights 1 + 3), the curator's 4 x 1: still exactly 25% of the units
    assert.equal(await poolUnits(chain, pool, curator().account.address), 4n);
    assert.equal(await poolUnits(chain, pool), 16n);
    const frozen = await claimable(chain, pool, payees[1]);
    const others = await claimable(chain, pool, payees[2]);
    assert.ok(frozen > 0n, "it earned until it was removed");
    await chain.networkHelpers.time.increase(500);
    await chain.networkHelpers.mine();
    assert.equal(await claimable(chain, pool, payees[1]), frozen, "no more income after removal");
    assert.ok((await claimable(chain, pool, payees[2])) > others, "the others keep earning");
    const m = await chain.publicClient.readContract({
      address: datasetsAddress(chain),
      abi: datasetsAbi,
      functionName: "memberOf",
      args: [datasetId, works[1]],
    });
    assert.equal(m.active, false);
    assert.ok(m.removedAt >= m.addedAt && m.removedAt > 0);
    await distributeFlow(chain, aiCompany(), pool, 0n);
  });

  describe("consent", () => {
    it("is required: a stranger's work without a signature or license is refused with DatasetsNoConsent", async () => {
      const { datasetId } = await openDataset(chain, curator(), 1000);
      const { ipId } = await register(chain, artists()[0]);
      await assert.rejects(
        simulateAdd(chain, curator(), datasetId, [{ ipId, weight: 1, consent: owner }]),
        /DatasetsNoConsent/,
      );
    });

    it("the curator's own work needs no more", async () => {
      const { datasetId } = await openDataset(chain, curator(), 1000);
      const { ipId } = await register(chain, curator());
      await add(chain, curator(), datasetId, [{ ipId, weight: 5, consent: owner }]);
      assert.equal(await isMember(datasetId, ipId), true);
    });

    it("a license the curator holds granting AI training and commercial use gives consent; one without does not", async () => {
      const { datasetId } = await openDataset(chain, curator(), 1000);
      const { ipId } = await register(chain, artists()[0], {
        termsIds: [Preset.AiTrainingPayPerFile, Preset.AiTrainingFlatFee],
      });
      const trainingOnly = (await buyLicense(chain, curator(), ipId, Preset.AiTrainingFlatFee)).licenseId;
      await assert.rejects(
        simulateAdd(chain, curator(), datasetId, [
          { ipId, weight: 1, consent: { kind: "license", licenseId: trainingOnly } },
        ]),
        /DatasetsLicenseDoesNotConsent/,
      );
      const stranger_ = (await buyLicense(chain, stranger(), ipId, Preset.AiTrainingPayPerFile)).licenseId;
      await assert.rejects(
        simulateAdd(chain, curator(), datasetId, [
          { ipId, weight: 1, consent: { kind: "license", licenseId: stranger_ } },
        ]),
        /DatasetsLicenseDoesNotConsent/,
        "someone else's license consents to nothing",
      );
      const licenseId = (await buyLicense(chain, curator(), ipId, Preset.AiTrainingPayPerFile)).licenseId;
      await add(chain, curator(), datasetId, [{ ipId, weight: 1, consent: { kind: "license", licenseId } }]);
      assert.equal(await isMember(datasetId, ipId), true);
    });

    it("a forged, altered, expired or replayed signature is refused", async () => {
      const { datasetId } = await openDataset(chain, curator(), 1000);
      const artist = artists()[1];
      const { ipId } = await register(chain, artist);
      const forged = await signConsent(chain, stranger(), datasetId, ipId, 2);
      await assert.rejects(
        simulateAdd(chain, curator(), datasetId, [{ ipId, weight: 2, consent: forged }]),
        /DatasetsInvalidConsent/,
      );
      const forWeight2 = await signConsent(chain, artist, datasetId, ipId, 2);
      await assert.rejects(
        simulateAdd(chain, curator(), datasetId, [{ ipId, weight: 9, consent: forWeight2 }]),
        /DatasetsInvalidConsent/,
        "the weight is part of what the owner signed",
      );
      const { timestamp } = await chain.publicClient.getBlock();
      const expired = await signConsent(chain, artist, datasetId, ipId, 2, { deadline: timestamp - 1n });
      await assert.rejects(
        simulateAdd(chain, curator(), datasetId, [{ ipId, weight: 2, consent: expired }]),
        /DatasetsConsentExpired/,
      );
      await add(chain, curator(), datasetId, [{ ipId, weight: 2, consent: forWeight2 }]);
      await remove(chain, curator(), datasetId, [ipId]);
      await assert.rejects(
        simulateAdd(chain, curator(), datasetId, [{ ipId, weight: 2, consent: forWeight2 }]),
        /DatasetsConsentNonceUsed/,
        "a consent is used once",
      );
      const cancelled = await signConsent(chain, artist, datasetId, ipId, 2);
      await send(chain, artist, {
        address: datasetsAddress(chain),
        abi: datasetsAbi,
        functionName: "cancelConsent",
        args: [cancelled.nonce],
      });
      await assert.rejects(
        simulateAdd(chain, curator(), datasetId, [{ ipId, weight: 2, consent: cancelled }]),
        /DatasetsConsentNonceUsed/,
        "an owner can take back a consent before it is used",
      );
    });
  });

  describe("refusals", () => {
    it("duplicates, unregistered works, datasets as members, bad weights, strangers and oversized batches", async () => {
      const { datasetId } = await openDataset(chain, curator(), 1000);
      const { ipId } = await register(chain, curator());
      await add(chain, curator(), datasetId, [{ ipId, weight: 1, consent: owner }]);
      const reject = (members: Parameters<typeof simulateAdd>[3], error: RegExp, who = curator()) =>
        assert.rejects(simulateAdd(chain, who, datasetId, members), error);
      await reject([{ ipId, weight: 1, consent: owner }], /DatasetsDuplicateMember/);
      const fresh = (await register(chain, curator())).ipId;
      await reject(
        [
          { ipId: fresh, weight: 1, consent: owner },
          { ipId: fresh, weight: 1, consent: owner },
        ],
        /DatasetsDuplicateMember/,
      );
      await reject([{ ipId: 999_999n, weight: 1, consent: owner }], /DatasetsNotAWork/);
      const other = await openDataset(chain, curator(), 1000);
      await reject([{ ipId: other.datasetId, weight: 1, consent: owner }], /DatasetsNotAWork/);
      await reject([{ ipId: fresh, weight: 0, consent: owner }], /DatasetsInvalidWeight/);
      await reject([{ ipId: fresh, weight: 10_001, consent: owner }], /DatasetsInvalidWeight/);
      await reject([{ ipId: fresh, weight: 1, consent: owner }], /DatasetsNotCurator/, stranger());
      const tooMany = Array.from({ length: 51 }, () => ({ ipId: fresh, weight: 1, consent: owner }));
      await assert.rejects(
        chain.publicClient.simulateContract({
          address: datasetsAddress(chain),
          abi: datasetsAbi,
          functionName: "addMembers",
          args: [datasetId, tooMany.map(({ ipId, weight }) => ({ ipId, weight })), tooMany.map(() => emptyConsent)],
          account: curator().account,
        }),
        /DatasetsInvalidBatch/,
      );
      await assert.rejects(
        chain.publicClient.simulateContract({
          address: datasetsAddress(chain),
          abi: datasetsAbi,
          functionName: "removeMembers",
          args: [datasetId, [fresh]],
          account: curator().account,
        }),
        /DatasetsNotAMember/,
      );
    });

    it("only a dataset IP opens, once, by its owner, and an open dataset's shares cannot be enabled", async () => {
      const { ipId: work } = await register(chain, curator());
      const datasets = datasetsAddress(chain);
      const open = (id: bigint, who = curator(), bps = 1000) =>
        chain.publicClient.simulateContract({
          address: datasets,
          abi: datasetsAbi,
          functionName: "openDataset",
          args: [id, bps],
          account: who.account,
        });
      await assert.rejects(open(work), /DatasetsNotADataset/);
      const { ipId: dataset } = await register(chain, curator(), { kind: Kind.Dataset });
      await assert.rejects(open(dataset, stranger()), /DatasetsNotCurator/);
      await assert.rejects(open(dataset, curator(), 9001), /DatasetsCuratorShareTooHigh/);
      const { datasetId, pool } = await openDataset(chain, curator(), 1000);
      await assert.rejects(open(datasetId), /DatasetsAlreadyOpen/);
      const pools = chain.deployment.contracts.RoyaltyPools as Address;
      const poolOf = await chain.publicClient.readContract({
        address: pools,
        abi: royaltyPoolsAbi,
        functionName: "poolOf",
        args: [datasetId],
      });
      assert.equal(getAddress(poolOf), getAddress(pool), "the dataset's pool is the IP's royalty pool");
      await assert.rejects(
        chain.publicClient.simulateContract({
          address: pools,
          abi: royaltyPoolsAbi,
          functionName: "enableShares",
          args: [datasetId],
          account: curator().account,
        }),
        /RoyaltyPoolsPoolAlreadySet/,
      );
      await assert.rejects(
        chain.publicClient.simulateContract({
          address: pools,
          abi: royaltyPoolsAbi,
          functionName: "setDatasetPool",
          args: [work, pool],
          account: curator().account,
        }),
        /RoyaltyPoolsNotDatasets/,
      );
    });
  });

  describe("every payment for the dataset reaches the members", () => {
    it("a license fee, split by units at once", async () => {
      const { datasetId, pool, payees } = await datasetOfThree(2500);
      await attachTerms(chain, curator(), datasetId, Preset.AiTrainingFlatFee);
      const before = await Promise.all(payees.map((p) => claimable(chain, pool, p)));
      await buyLicense(chain, aiCompany(), datasetId, Preset.AiTrainingFlatFee);
      // 24 units (3/6/9 and the curator's 6): each unit gets the whole wei of fee / 24, the rest goes back
      const perUnit = parseEther("100") / 24n;
      const got = await Promise.all(payees.map(async (p, i) => (await claimable(chain, pool, p)) - before[i]));
      assert.deepEqual(got, [3n * perUnit, 6n * perUnit, 9n * perUnit]);
    });

    it("metered usage, settled into the dataset's pool", async () => {
      const { datasetId, pool, payees } = await datasetOfThree(2500);
      await attachTerms(chain, curator(), datasetId, Preset.AiTrainingPayPerFile);
      const { licenseId } = await buyLicense(chain, aiCompany(), datasetId, Preset.AiTrainingPayPerFile);
      await send(chain, aiCompany(), {
        address: chain.deployment.currency.superToken,
        abi: (await import("@ipnft/protocol/abis")).superTokenAbi,
        functionName: "approve",
        args: [chain.deployment.contracts.UsageMeter as Address, 2n ** 200n],
      });
      const before = await Promise.all(payees.map((p) => claimable(chain, pool, p)));
      const signature = await signUsage(chain, aiCompany(), licenseId, 16n);
      await settleUsage(chain, stranger(), licenseId, 16n, signature, aiCompany().account.address);
      const perUnit = (16n * parseEther("0.05")) / 24n;
      const got = await Promise.all(payees.map(async (p, i) => (await claimable(chain, pool, p)) - before[i]));
      assert.deepEqual(got, [3n * perUnit, 6n * perUnit, 9n * perUnit]);
    });

    it("a member's income is claimed into its share token and passed on to the work's holders", async () => {
      const { datasetId, pool, works, payees } = await datasetOfThree(2500);
      await attachTerms(chain, curator(), datasetId, Preset.AiTrainingFlatFee);
      await buyLicense(chain, aiCompany(), datasetId, Preset.AiTrainingFlatFee);
      const owed = await claimable(chain, pool, payees[0]);
      await send(chain, stranger(), claimMemberIncome(chain.deployment, datasetId, works[0]));
      assert.equal(await superTokenBalance(chain, payees[0]), owed, "waits at the share token's address");
      const { shareToken } = await enableShares(chain, artists()[0], works[0]);
      assert.equal(getAddress(shareToken), getAddress(payees[0]), "the predicted address is the share token");
      const artistBefore = await realtimeBalance(chain, artists()[0].account.address);
      await buyLicense(chain, aiCompany(), datasetId, Preset.AiTrainingFlatFee);
      await send(chain, stranger(), claimMemberIncome(chain.deployment, datasetId, works[0]));
      const holderPool = (await import("../helpers/royalties")).holderWorth;
      const shares = await chain.publicClient.readContract({
        address: chain.deployment.contracts.RoyaltyPools as Address,
        abi: royaltyPoolsAbi,
        functionName: "poolOf",
        args: [works[0]],
      });
      // the share token distributes whole wei per share unit: what is below one per unit waits for the next time
      const waiting = await superTokenBalance(chain, payees[0]);
      assert.ok(waiting < (await poolUnits(chain, shares)), `the share token distributed all but ${waiting}`);
      const worth = await holderPool(chain, shares, artists()[0].account.address);
      assert.equal(worth - artistBefore.available + waiting, owed * 2n, "both fees reached the work's only holder");
    });
  });

  it("the member list recomputed from the events matches the commitment on chain", async () => {
    const { datasetId, works } = await datasetOfThree(2500);
    await remove(chain, curator(), datasetId, [works[0]]);
    const replay = await verifyDatasetMembers(chain.publicClient, chain.deployment, datasetId);
    assert.equal(replay.ok, true, replay.ok ? "" : replay.problem);
    assert.equal(replay.commitment, replay.onChain);
    assert.deepEqual(
      replay.members.map((m) => [m.ipId, m.weight]),
      [
        [works[1], 2],
        [works[2], 3],
      ],
    );
  });

  async function isMember(datasetId: bigint, ipId: bigint) {
    return chain.publicClient.readContract({
      address: datasetsAddress(chain),
      abi: datasetsAbi,
      functionName: "isMember",
      args: [datasetId, ipId],
    });
  }
});

const emptyConsent = { licenseId: 0n, deadline: 0n, nonce: 0n, signature: "0x" } as const;
