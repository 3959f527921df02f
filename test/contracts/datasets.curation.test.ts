/**
 * Datasets' curation, against the real Superfluid protocol: the curator's exact share, the curator's units
 * following the dataset IP-NFT to its new owner (`syncCurator`), consent by a contract wallet owner (ERC-1271), and
 * the `MAX_MEMBERS` cap on the running total. The only stand-in is the work owner's own smart-contract wallet
 * (contracts/test/ContractWallet), which signs through its owner or refuses as a test tells it to.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { datasetsAbi, iPRegistryAbi } from "@ipnft/protocol/abis";
import type { Address, Hex } from "viem";
import { encodeAbiParameters, getAddress, keccak256, parseEther, toHex } from "viem";
import { deployedChain } from "../helpers/chain";
import { add, datasetsAddress, openDataset, signConsent, simulateAdd } from "../helpers/datasets";
import {
  addresses,
  approveSuperToken,
  type Chain,
  eventArgs,
  fundSuperToken,
  Kind,
  register,
  send,
} from "../helpers/protocol";
import { poolUnits, realtimeBalance } from "../helpers/royalties";

const owner = { kind: "owner" } as const;
/** ContractWallet.Mode */
const Mode = { OwnerSigns: 0, Refuses: 1, Reverts: 2, BurnsAllGas: 3 } as const;

describe("Datasets: curation", () => {
  let chain: Chain;
  before(async () => {
    chain = await deployedChain();
    for (const w of chain.wallets.slice(1, 7)) await fundSuperToken(chain, w, parseEther("10000"));
  });
  const curator = () => chain.wallets[1];
  const buyer = () => chain.wallets[2];
  const artist = () => chain.wallets[3];
  const newCurator = () => chain.wallets[4];
  const stranger = () => chain.wallets[6];

  const datasetOf = (datasetId: bigint) =>
    chain.publicClient.readContract({
      address: datasetsAddress(chain),
      abi: datasetsAbi,
      functionName: "datasetOf",
      args: [datasetId],
    });
  const simulate = (functionName: "syncCurator", datasetId: bigint, who = stranger()) =>
    chain.publicClient.simulateContract({
      address: datasetsAddress(chain),
      abi: datasetsAbi,
      functionName,
      args: [datasetId],
      account: who.account,
    });
  const ownWorks = async (n: number) => {
    const ids: bigint[] = [];
    for (let i = 0; i < n; i++) ids.push((await register(chain, curator())).ipId);
    return ids;
  };

  it("a 10% curator holds exactly 10% of the units: 9 per weight for members, 1 for it, in datasetOf and the event", async () => {
    const { datasetId, pool, unitsPerWeight, receipt } = await openDataset(chain, curator(), 1000);
    assert.equal(unitsPerWeight, 9n);
    const [opened] = eventArgs(receipt.logs, datasetsAbi, "DatasetOpened");
    assert.equal(opened.curatorBps, 1000);
    assert.equal(await poolUnits(chain, pool), 1n, "no members yet: the curator's one unit takes everything");
    const works = await ownWorks(2);
    await add(chain, curator(), datasetId, [
      { ipId: works[0], weight: 3, consent: owner },
      { ipId: works[1], weight: 7, consent: owner },
    ]);
    const d = await datasetOf(datasetId);
    assert.equal(d.unitsPerWeight, 9n);
    assert.equal(d.curatorUnits, 10n, "total weight 10 x 1");
    assert.equal(await poolUnits(chain, pool), 100n, "members 27 + 63, the curator 10: exactly 10%");
  });

  describe("syncCurator", () => {
    it("moves the curator's units to the dataset IP-NFT's new owner, for anyone's call, with its events", async () => {
      const { datasetId, pool } = await openDataset(chain, curator(), 2000);
      await add(chain, curator(), datasetId, [{ ipId: (await ownWorks(1))[0], weight: 5, consent: owner }]);
      const from = curator().account.address;
      const to = newCurator().account.address;
      await send(chain, curator(), {
        address: addresses(chain).registry,
        abi: iPRegistryAbi,
        functionName: "transferFrom",
        args: [from, to, datasetId],
      });
      // until someone syncs, the previous owner still holds the curator's 5 units (20% : 80% = 1 : 4 per weight)
      assert.equal(getAddress((await datasetOf(datasetId)).curator), getAddress(from));
      assert.equal(await poolUnits(chain, pool, from), 5n);

      const receipt = await send(chain, stranger(), {
        address: datasetsAddress(chain),
        abi: datasetsAbi,
        functionName: "syncCurator",
        args: [datasetId],
      });
      const [changed] = eventArgs(receipt.logs, datasetsAbi, "CuratorChanged");
      assert.deepEqual(
        [changed.datasetId, getAddress(changed.previousCurator as Address), getAddress(changed.curator as Address)],
        [datasetId, getAddress(from), getAddress(to)],
      );
      const [units] = eventArgs(receipt.logs, datasetsAbi, "CuratorUnitsUpdated");
      assert.equal(getAddress(units.curator as Address), getAddress(to));
      assert.equal(units.units, 5n);
      assert.equal(getAddress((await datasetOf(datasetId)).curator), getAddress(to));
      assert.equal(await poolUnits(chain, pool, from), 0n, "the previous owner earns nothing more");
      assert.equal(await poolUnits(chain, pool, to), 5n);

      // the new curator is connected to the pool: its 20% of a payment lands in its balance at once
      await approveSuperToken(chain, buyer(), datasetsAddress(chain));
      const before = await realtimeBalance(chain, to);
      const previousBefore = await realtimeBalance(chain, from);
      await send(chain, buyer(), {
        address: datasetsAddress(chain),
        abi: datasetsAbi,
        functionName: "pay",
        args: [datasetId, parseEther("25")],
      });
      assert.equal((await realtimeBalance(chain, to)).available - before.available, parseEther("5"));
      assert.equal((await realtimeBalance(chain, from)).available, previousBefore.available);

      const again = await send(chain, stranger(), {
        address: datasetsAddress(chain),
        abi: datasetsAbi,
        functionName: "syncCurator",
        args: [datasetId],
      });
      assert.equal(again.logs.length, 0, "nothing to fix: no event, no unit change");
    });

    it("is refused on a dataset that was never opened", async () => {
      const { ipId } = await register(chain, curator(), { kind: Kind.Dataset });
      await assert.rejects(simulate("syncCurator", ipId), /DatasetsNotOpen/);
    });
  });

  describe("consent by a contract wallet (ERC-1271)", () => {
    /** A work registered by the artist and handed to a ContractWallet the artist owns. */
    async function walletOwnedWork() {
      const wallet = await chain.viem.deployContract("ContractWallet", [artist().account.address]);
      const { ipId } = await register(chain, artist());
      await send(chain, artist(), {
        address: addresses(chain).registry,
        abi: iPRegistryAbi,
        functionName: "transferFrom",
        args: [artist().account.address, wallet.address, ipId],
      });
      return { wallet, ipId };
    }

    it("a wallet that vouches for its owner's signature gives consent, and its nonce is used", async () => {
      const { datasetId } = await openDataset(chain, curator(), 1000);
      const { wallet, ipId } = await walletOwnedWork();
      const consent = await signConsent(chain, artist(), datasetId, ipId, 4);
      const receipt = await add(chain, curator(), datasetId, [{ ipId, weight: 4, consent }]);
      const [used] = eventArgs(receipt.logs, datasetsAbi, "ConsentNonceUsed");
      assert.equal(getAddress(used.owner as Address), getAddress(wallet.address), "the nonce is the wallet's");
      assert.equal(used.nonce, consent.nonce);
      const [added] = eventArgs(receipt.logs, datasetsAbi, "MemberAdded");
      assert.deepEqual([added.memberIpId, added.weight], [ipId, 4]);
    });

    it("a wallet that says the signature is invalid, or reverts, gives none: DatasetsInvalidConsent", async () => {
      const { datasetId } = await openDataset(chain, curator(), 1000);
      const { wallet, ipId } = await walletOwnedWork();
      const consent = await signConsent(chain, artist(), datasetId, ipId, 4);
      const error = new RegExp(`DatasetsInvalidConsent[\\s\\S]*${wallet.address}`, "i");
      for (const mode of [Mode.Refuses, Mode.Reverts]) {
        await wallet.write.setMode([mode], { account: artist().account });
        await assert.rejects(simulateAdd(chain, curator(), datasetId, [{ ipId, weight: 4, consent }]), error);
      }
      await wallet.write.setMode([Mode.OwnerSigns], { account: artist().account });
      const byStranger = await signConsent(chain, stranger(), datasetId, ipId, 4);
      await assert.rejects(
        simulateAdd(chain, curator(), datasetId, [{ ipId, weight: 4, consent: byStranger }]),
        error,
        "a signature that is not the wallet owner's",
      );
    });
  });

  describe("MAX_MEMBERS, checked on the running total", () => {
    /**
     * The dataset's first storage word, where `memberCount` lives. Datasets' storage: EIP712's two fallback strings
     * (slots 0 and 1), then `_datasets` (slot 2, a mapping: a record at keccak256(datasetId . 2)); a record's first
     * word packs pool (bits 0-159), curatorBps (160-175), memberCount (176-207), unitsPerWeight (208-223),
     * curatorUnitsPerWeight (224-239). The test checks the pool and share it finds there before relying on it.
     */
    const recordSlot = (datasetId: bigint): Hex =>
      keccak256(encodeAbiParameters([{ type: "uint256" }, { type: "uint256" }], [datasetId, 2n]));
    const MEMBER_COUNT_SHIFT = 176n;
    const MEMBER_COUNT_MASK = ((1n << 32n) - 1n) << MEMBER_COUNT_SHIFT;

    it("brought near the cap by hardhat_setStorageAt on memberCount: a batch crossing 10,000 reverts, one reaching it passes", async () => {
      const max = await chain.publicClient.readContract({
        address: datasetsAddress(chain),
        abi: datasetsAbi,
        functionName: "MAX_MEMBERS",
      });
      assert.equal(max, 10_000n);
      const { datasetId, pool } = await openDataset(chain, curator(), 2500);
      const slot = recordSlot(datasetId);
      const word = BigInt((await chain.publicClient.getStorageAt({ address: datasetsAddress(chain), slot })) ?? "0x0");
      assert.equal(getAddress(toHex(word & ((1n << 160n) - 1n), { size: 20 })), getAddress(pool), "the pool");
      assert.equal((word >> 160n) & 0xffffn, 2500n, "the curator's share");
      assert.equal((word & MEMBER_COUNT_MASK) >> MEMBER_COUNT_SHIFT, 0n, "no members yet");

      const near = max - 3n;
      const edited = (word & ~MEMBER_COUNT_MASK) | (near << MEMBER_COUNT_SHIFT);
      await chain.networkHelpers.setStorageAt(datasetsAddress(chain), slot, toHex(edited, { size: 32 }));
      const d = await datasetOf(datasetId);
      assert.equal(d.memberCount, Number(near), "read back through datasetOf");
      assert.equal(getAddress(d.pool), getAddress(pool), "nothing else in the word moved");
      assert.equal(d.unitsPerWeight, 3n);

      const works = await ownWorks(4);
      const members = works.map((ipId) => ({ ipId, weight: 1, consent: owner }));
      await assert.rejects(
        simulateAdd(chain, curator(), datasetId, members),
        /DatasetsTooManyMembers/,
        "9,997 + 4 crosses the cap",
      );
      await add(chain, curator(), datasetId, members.slice(0, 3));
      assert.equal((await datasetOf(datasetId)).memberCount, Number(max), "9,997 + 3 reaches it exactly");
      await assert.rejects(simulateAdd(chain, curator(), datasetId, members.slice(3)), /DatasetsTooManyMembers/);
    });
  });
});
