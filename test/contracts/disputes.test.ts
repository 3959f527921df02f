import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { disputesAbi } from "@ipnft/protocol/abis";
import { type DisputeEvidence, disputeOf, disputePauseOf } from "@ipnft/protocol/verbs";
import { getAddress, parseEther, zeroAddress } from "viem";
import { deployedChain } from "../helpers/chain";
import { BOND, disputeHelpers, NOT_PAUSED, RESPITE, WINDOW } from "../helpers/disputes";
import {
  addresses,
  approveSuperToken,
  buyLicense,
  type Chain,
  commitRegistration,
  eventArgs,
  fundSuperToken,
  hasAccess,
  Preset,
  register,
  STREAMED_MIN_RATE,
  Use,
} from "../helpers/protocol";
import { buyShares, connectPool, distributeFlow, enableShares, openSale } from "../helpers/royalties";

describe("Disputes: a bonded dispute pauses an IP until the arbiter rules or the window expires", () => {
  let chain: Chain;
  let disputes: Awaited<ReturnType<Chain["viem"]["getContractAt"]>>;
  before(async () => {
    chain = await deployedChain();
    disputes = await chain.viem.getContractAt("Disputes", chain.deployment.contracts.Disputes as `0x${string}`);
    for (const w of [2, 3, 4, 5]) await fundSuperToken(chain, chain.wallets[w]);
  });
  const { arbiter, artist, aiCompany, disputer, buyer, contractAddress, evidence, open, balances, work, rule } =
    disputeHelpers(
      () => chain,
      () => disputes,
    );

  describe("from opening to each ruling, bonds to the wei", () => {
    it("opening takes exactly the bond from the disputer into the contract and records the evidence", async () => {
      const earlier = await work();
      const ipId = await work();
      const [d0, c0] = await balances(disputer().account.address, contractAddress());
      const { disputeId, receipt } = await open(ipId, disputer(), evidence({ earlierIpId: earlier }));
      const [d1, c1] = await balances(disputer().account.address, contractAddress());
      assert.equal(d0 - d1, BOND);
      assert.equal(c1 - c0, BOND);
      const [opened] = eventArgs(receipt.logs, disputesAbi, "DisputeOpened");
      assert.deepEqual(opened, {
        disputeId,
        ipId,
        disputer: getAddress(disputer().account.address),
        bond: BOND,
        earlierIpId: earlier,
        similarityBps: 9_700,
        evidenceUri: "ipfs://bafyevidence",
      });
      assert.equal((await disputeOf(chain.publicClient, chain.deployment, disputeId)).earlierIpId, earlier);
      assert.deepEqual(await disputePauseOf(chain.publicClient, chain.deployment, ipId), {
        openDisputeId: disputeId,
        flaggedBy: undefined,
      });
      await rule(disputeId, false);
    });

    it("upheld: the bond returns to the disputer to the wei, the owner gets nothing, the IP is flagged for good", async () => {
      const ipId = await work();
      const who = [disputer().account.address, artist().account.address, contractAddress()] as const;
      const before = await balances(...who);
      const { disputeId } = await open(ipId);
      const hash = await rule(disputeId, true);
      const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
      const after = await balances(...who);
      assert.deepEqual(after, before, "disputer, owner and contract end where they began");
      assert.deepEqual(eventArgs(receipt.logs, disputesAbi, "DisputeUpheld")[0], {
        disputeId,
        ipId,
        disputer: getAddress(disputer().account.address),
        bond: BOND,
      });
      assert.equal((await disputeOf(chain.publicClient, chain.deployment, disputeId)).status, "upheld");
      assert.deepEqual(await disputePauseOf(chain.publicClient, chain.deployment, ipId), {
        openDisputeId: undefined,
        flaggedBy: disputeId,
      });
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingFlatFee),
        disputes,
        "DisputesIPFlagged",
        [ipId, disputeId],
      );
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        disputes.write.openDispute([ipId, evidence()], { account: buyer().account }),
        disputes,
        "DisputesIPFlagged",
        [ipId, disputeId],
      );
    });

    it("rejected: the bond goes to whoever owns the IP at the ruling (it changed hands meanwhile), to the wei", async () => {
      const ipId = await work();
      const newOwner = buyer().account.address;
      const who = [disputer().account.address, artist().account.address, newOwner, contractAddress()] as const;
      const [d0, a0, n0, c0] = await balances(...who);
      const { disputeId } = await open(ipId);
      const registry = await chain.viem.getContractAt("IPRegistry", addresses(chain).registry);
      await registry.write.transferFrom([artist().account.address, newOwner, ipId], { account: artist().account });
      const receipt = await chain.publicClient.waitForTransactionReceipt({ hash: await rule(disputeId, false) });
      const [d1, a1, n1, c1] = await balances(...who);
      assert.equal(d0 - d1, BOND, "the disputer lost exactly the bond");
      assert.equal(n1 - n0, BOND, "the owner at the ruling received exactly the bond");
      assert.equal(a1, a0, "the former owner received nothing");
      assert.equal(c1, c0, "the contract keeps nothing");
      assert.deepEqual(eventArgs(receipt.logs, disputesAbi, "DisputeRejected")[0], {
        disputeId,
        ipId,
        owner: getAddress(newOwner),
        bond: BOND,
      });
      assert.deepEqual(await disputePauseOf(chain.publicClient, chain.deployment, ipId), NOT_PAUSED);
      await buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingFlatFee);
    });

    it("the arbiter cannot rule on an IP it owns at the ruling: both rulings revert, and expiry returns the bond", async () => {
      const ipId = await work();
      const judge = arbiter().account.address;
      const who = [disputer().account.address, artist().account.address, judge, contractAddress()] as const;
      const before = await balances(...who);
      const { disputeId } = await open(ipId);
      // The arbiter comes to own the disputed IP mid-dispute (here the artist hands it over).
      const registry = await chain.viem.getContractAt("IPRegistry", addresses(chain).registry);
      await registry.write.transferFrom([artist().account.address, judge, ipId], { account: artist().account });
      for (const upheld of [true, false]) {
        await chain.viem.assertions.revertWithCustomErrorWithArgs(
          rule(disputeId, upheld),
          disputes,
          "DisputesArbiterOwnsIP",
          [ipId, getAddress(judge)],
        );
      }
      const d = await disputeOf(chain.publicClient, chain.deployment, disputeId);
      assert.equal(d.status, "open", "the dispute stays open, the IP paused");
      assert.deepEqual(await disputePauseOf(chain.publicClient, chain.deployment, ipId), {
        openDisputeId: disputeId,
        flaggedBy: undefined,
      });
      await chain.networkHelpers.time.increaseTo(d.openedAt + WINDOW);
      await disputes.write.closeExpired([disputeId], { account: aiCompany().account });
      assert.equal((await disputeOf(chain.publicClient, chain.deployment, disputeId)).status, "expired");
      assert.deepEqual(await balances(...who), before, "the bond went back to the disputer; the arbiter got nothing");
    });

    it("expired: after 14 days without a ruling anyone closes it, the bond returns to the wei and the pause lifts", async () => {
      const ipId = await work();
      const who = [disputer().account.address, artist().account.address, contractAddress()] as const;
      const before = await balances(...who);
      const { disputeId } = await open(ipId);
      const openedAt = (await disputeOf(chain.publicClient, chain.deployment, disputeId)).openedAt;
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        disputes.write.closeExpired([disputeId], { account: aiCompany().account }),
        disputes,
        "DisputesTooEarly",
        [disputeId, BigInt(openedAt + WINDOW)],
      );
      await chain.networkHelpers.time.increaseTo(openedAt + WINDOW);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        rule(disputeId, true),
        disputes,
        "DisputesRulingWindowClosed",
        [disputeId, BigInt(openedAt + WINDOW)],
      );
      const hash = await disputes.write.closeExpired([disputeId], { account: aiCompany().account });
      const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
      assert.deepEqual(await balances(...who), before);
      assert.equal(
        eventArgs(receipt.logs, disputesAbi, "DisputeExpired")[0].closer,
        getAddress(aiCompany().account.address),
      );
      assert.equal((await disputeOf(chain.publicClient, chain.deployment, disputeId)).status, "expired");
      await buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingFlatFee);
    });

    it("after a dispute expires unruled, the IP has a 7-day respite before the next one", async () => {
      const ipId = await work();
      const { disputeId } = await open(ipId);
      const openedAt = (await disputeOf(chain.publicClient, chain.deployment, disputeId)).openedAt;
      await chain.networkHelpers.time.increaseTo(openedAt + WINDOW);
      await disputes.write.closeExpired([disputeId], { account: aiCompany().account });
      const closedAt = (await disputeOf(chain.publicClient, chain.deployment, disputeId)).closedAt;
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        disputes.write.openDispute([ipId, evidence()], { account: buyer().account }),
        disputes,
        "DisputesIPInRespite",
        [ipId, BigInt(closedAt + RESPITE)],
      );
      await chain.networkHelpers.time.increaseTo(closedAt + RESPITE);
      await open(ipId, buyer());
    });

    it("after a rejection there is no respite: the next disputer may open at once (a sock puppet cannot shield the IP)", async () => {
      const ipId = await work();
      const { disputeId } = await open(ipId);
      await rule(disputeId, false);
      const { disputeId: next } = await open(ipId, buyer());
      assert.equal((await disputeOf(chain.publicClient, chain.deployment, next)).status, "open");
      await rule(next, false);
    });
  });

  describe("while disputed: new licenses, derivatives and share sales pause; existing licenses keep working", () => {
    it("a flat-fee purchase reverts with DisputesIPDisputed naming the dispute; a license bought before still grants", async () => {
      const ipId = await work();
      await buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingFlatFee);
      const { disputeId } = await open(ipId);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        buyLicense(chain, buyer(), ipId, Preset.AiTrainingFlatFee),
        disputes,
        "DisputesIPDisputed",
        [ipId, disputeId],
      );
      assert.equal(await hasAccess(chain, ipId, aiCompany().account.address, Use.AiTraining), true);
      await rule(disputeId, true);
      assert.equal(await hasAccess(chain, ipId, aiCompany().account.address, Use.AiTraining), true, "even flagged");
    });

    it("a streamed license keeps granting while its stream flows, and a new streamed purchase is refused", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.AiTrainingStreamed] });
      const { pool } = await enableShares(chain, artist(), ipId);
      await connectPool(chain, artist(), pool);
      await buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingStreamed);
      await distributeFlow(chain, aiCompany(), pool, STREAMED_MIN_RATE);
      const { disputeId } = await open(ipId);
      await chain.networkHelpers.time.increase(3600);
      assert.equal(await hasAccess(chain, ipId, aiCompany().account.address, Use.AiTraining), true);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        buyLicense(chain, buyer(), ipId, Preset.AiTrainingStreamed),
        disputes,
        "DisputesIPDisputed",
        [ipId, disputeId],
      );
      await distributeFlow(chain, aiCompany(), pool, 0n);
      await rule(disputeId, false);
    });

    it("a derivative of a disputed parent cannot be registered, even with a derivative license bought before", async () => {
      const { ipId: parent } = await register(chain, artist(), { termsIds: [Preset.CommercialRemix] });
      const { licenseId } = await buyLicense(chain, buyer(), parent, Preset.CommercialRemix);
      const { disputeId } = await open(parent);
      const registry = await chain.viem.getContractAt("IPRegistry", addresses(chain).registry);
      const { registration, salt } = await commitRegistration(chain, buyer(), { parentLicenseIds: [licenseId] });
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.register([registration, salt], { account: buyer().account }),
        disputes,
        "DisputesIPDisputed",
        [parent, disputeId],
      );
      await rule(disputeId, false);
      await register(chain, buyer(), { parentLicenseIds: [licenseId] });
    });

    it("a primary share sale of a disputed IP reverts with DisputesIPDisputed; of a flagged one, DisputesIPFlagged", async () => {
      const ipId = await work();
      const { shareToken } = await enableShares(chain, artist(), ipId);
      await openSale(chain, artist(), shareToken, 1_000n, parseEther("0.01"));
      const { disputeId } = await open(ipId);
      const shares = await chain.viem.getContractAt("ShareToken", shareToken);
      await approveSuperToken(chain, buyer(), shareToken);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        shares.write.buyShares([10n, parseEther("1")], { account: buyer().account }),
        disputes,
        "DisputesIPDisputed",
        [ipId, disputeId],
      );
      await rule(disputeId, true);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        buyShares(chain, buyer(), shareToken, 10n),
        disputes,
        "DisputesIPFlagged",
        [ipId, disputeId],
      );
    });
  });

  describe("every refused step", () => {
    const refuse = (p: Promise<unknown>, error: string, args: unknown[]) =>
      chain.viem.assertions.revertWithCustomErrorWithArgs(p, disputes, error, args);

    it("only the arbiter rules, sets the bond or hands the role on: DisputesNotArbiter", async () => {
      const ipId = await work();
      const { disputeId } = await open(ipId);
      const stranger = getAddress(buyer().account.address);
      await refuse(rule(disputeId, true, buyer()), "DisputesNotArbiter", [stranger]);
      await refuse(disputes.write.setBond([BOND], { account: buyer().account }), "DisputesNotArbiter", [stranger]);
      await refuse(disputes.write.setArbiter([stranger], { account: buyer().account }), "DisputesNotArbiter", [
        stranger,
      ]);
      await rule(disputeId, false);
    });

    it("a dispute on an IP that does not exist: DisputesUnknownIP", async () => {
      await refuse(
        disputes.write.openDispute([999_999n, evidence()], { account: disputer().account }),
        "DisputesUnknownIP",
        [999_999n],
      );
    });

    it("a second dispute while one is open: DisputesAlreadyDisputed", async () => {
      const ipId = await work();
      const { disputeId } = await open(ipId);
      await approveSuperToken(chain, buyer(), contractAddress());
      await refuse(
        disputes.write.openDispute([ipId, evidence()], { account: buyer().account }),
        "DisputesAlreadyDisputed",
        [ipId, disputeId],
      );
      await rule(disputeId, false);
    });

    it("the owner disputing their own IP: DisputesSelfDispute", async () => {
      const ipId = await work();
      await refuse(
        disputes.write.openDispute([ipId, evidence()], { account: artist().account }),
        "DisputesSelfDispute",
        [ipId, getAddress(artist().account.address)],
      );
    });

    it("evidence naming a later (or the same) IP, an empty URI or a similarity above 100%", async () => {
      const ipId = await work();
      const later = await work();
      const openWith = (e: DisputeEvidence) => disputes.write.openDispute([ipId, e], { account: disputer().account });
      await refuse(openWith(evidence({ earlierIpId: later })), "DisputesEvidenceNotEarlier", [ipId, later]);
      await refuse(openWith(evidence({ earlierIpId: ipId })), "DisputesEvidenceNotEarlier", [ipId, ipId]);
      await refuse(openWith(evidence({ uri: "" })), "DisputesInvalidEvidence", []);
      await refuse(openWith(evidence({ uri: "x".repeat(513) })), "DisputesInvalidEvidence", []);
      await refuse(openWith(evidence({ similarityBps: 10_001 })), "DisputesInvalidEvidence", []);
    });

    it("ruling or closing a dispute that is not open: DisputesNotOpen", async () => {
      const ipId = await work();
      const { disputeId } = await open(ipId);
      await rule(disputeId, false);
      await refuse(rule(disputeId, true), "DisputesNotOpen", [disputeId]);
      await refuse(disputes.write.closeExpired([disputeId]), "DisputesNotOpen", [disputeId]);
      await refuse(rule(424_242n, true), "DisputesNotOpen", [424_242n]);
    });

    it("a bond of zero or beyond the bounds, and a zero arbiter, are refused; a new bond applies to new disputes only", async () => {
      const max = 10n ** 24n;
      const min = 10n ** 18n;
      const setBond = (b: bigint) => disputes.write.setBond([b], { account: arbiter().account });
      await refuse(setBond(0n), "DisputesBondOutOfRange", [0n, min, max]);
      await refuse(setBond(max + 1n), "DisputesBondOutOfRange", [max + 1n, min, max]);
      await refuse(disputes.write.setArbiter([zeroAddress], { account: arbiter().account }), "DisputesZeroArbiter", []);

      const ipId = await work();
      const { disputeId } = await open(ipId);
      await disputes.write.setBond([BOND * 2n], { account: arbiter().account });
      const [d0] = await balances(disputer().account.address);
      await rule(disputeId, true);
      const [d1] = await balances(disputer().account.address);
      assert.equal(d1 - d0, BOND, "the open dispute keeps the bond it was opened with");
      await disputes.write.setBond([BOND], { account: arbiter().account });
    });

    it("a disputer without the allowance for the bond cannot open: nothing changes", async () => {
      const ipId = await work();
      const fresh = chain.wallets[6];
      await fundSuperToken(chain, fresh, parseEther("100"));
      await assert.rejects(disputes.write.openDispute([ipId, evidence()], { account: fresh.account }));
      assert.deepEqual(await disputePauseOf(chain.publicClient, chain.deployment, ipId), NOT_PAUSED);
    });

    it("the arbiter hands the role on: only the new arbiter rules from then on", async () => {
      const ipId = await work();
      const { disputeId } = await open(ipId);
      const next = chain.wallets[7];
      await disputes.write.setArbiter([next.account.address], { account: arbiter().account });
      await refuse(rule(disputeId, true), "DisputesNotArbiter", [getAddress(arbiter().account.address)]);
      await rule(disputeId, true, next);
      await disputes.write.setArbiter([arbiter().account.address], { account: next.account });
    });
  });
});
