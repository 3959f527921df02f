import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { licenseTokenAbi } from "@ipnft/protocol/abis";
import { getAddress, parseEther } from "viem";
import { deployedChain } from "../helpers/chain";
import {
  addresses,
  approveSuperToken,
  attachTerms,
  buyLicense,
  type Chain,
  eventArgs,
  fundSuperToken,
  hasAccess,
  Preset,
  register,
  registerTerms,
  superTokenBalance,
  terms,
  Use,
} from "../helpers/protocol";

describe("LicenseToken: attaching terms, selling licenses, and hasAccess", () => {
  let chain: Chain;
  let licenses: Awaited<ReturnType<Chain["viem"]["getContractAt"]>>;
  before(async () => {
    chain = await deployedChain();
    licenses = await chain.viem.getContractAt("LicenseToken", addresses(chain).licenses);
    await fundSuperToken(chain, chain.wallets[2]);
    await fundSuperToken(chain, chain.wallets[3]);
  });
  const artist = () => chain.wallets[1];
  const aiCompany = () => chain.wallets[2];
  const fan = () => chain.wallets[3];

  describe("attaching terms", () => {
    it("the IP owner attaches several terms and each emits TermsAttached", async () => {
      const { ipId } = await register(chain, artist());
      const r1 = await attachTerms(chain, artist(), ipId, Preset.NoAiTraining);
      const r2 = await attachTerms(chain, artist(), ipId, Preset.AiTrainingFlatFee);
      assert.deepEqual(eventArgs(r1.logs, licenseTokenAbi, "TermsAttached")[0], { ipId, termsId: Preset.NoAiTraining });
      assert.equal(eventArgs(r2.logs, licenseTokenAbi, "TermsAttached").length, 1);
      assert.deepEqual(await licenses.read.attachedTerms([ipId]), [Preset.NoAiTraining, Preset.AiTrainingFlatFee]);
      assert.deepEqual(await licenses.read.getOffer([ipId, Preset.AiTrainingFlatFee]), {
        attached: true,
        salesStopped: false,
        sold: 0,
      });
    });

    it("the offer of terms that are not attached reads as not attached", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.NoAiTraining] });
      assert.deepEqual(await licenses.read.getOffer([ipId, Preset.AiTrainingFlatFee]), {
        attached: false,
        salesStopped: false,
        sold: 0,
      });
    });

    it("someone who does not own the IP cannot attach terms: LicenseTokenNotIPOwner", async () => {
      const { ipId } = await register(chain, artist());
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.attachTerms([ipId, Preset.NoAiTraining], { account: fan().account }),
        licenses,
        "LicenseTokenNotIPOwner",
        [ipId, getAddress(fan().account.address)],
      );
    });

    it("attaching unknown terms reverts with LicenseTokenUnknownTerms", async () => {
      const { ipId } = await register(chain, artist());
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.attachTerms([ipId, 9999n], { account: artist().account }),
        licenses,
        "LicenseTokenUnknownTerms",
        [9999n],
      );
    });

    it("attaching the same terms twice reverts with LicenseTokenTermsAlreadyAttached", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.NoAiTraining] });
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.attachTerms([ipId, Preset.NoAiTraining], { account: artist().account }),
        licenses,
        "LicenseTokenTermsAlreadyAttached",
        [ipId, Preset.NoAiTraining],
      );
    });

    it("a ninth set of terms reverts with LicenseTokenTooManyTerms", async () => {
      const ids: bigint[] = [];
      for (let i = 0; i < 9; i++)
        ids.push(await registerTerms(chain, artist(), terms(chain, { legalTextURI: `urn:many:${i}` })));
      const { ipId } = await register(chain, artist(), { termsIds: ids.slice(0, 8) });
      assert.deepEqual(await licenses.read.attachedTerms([ipId]), ids.slice(0, 8));
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.attachTerms([ipId, ids[8]], { account: artist().account }),
        licenses,
        "LicenseTokenTooManyTerms",
        [ipId, 8n],
      );
    });

    it("only the IP registry may attach at registration: LicenseTokenUnauthorized", async () => {
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.attachTermsAtRegistration([1n, fan().account.address, [Preset.NoAiTraining]], {
          account: fan().account,
        }),
        licenses,
        "LicenseTokenUnauthorized",
        [getAddress(fan().account.address)],
      );
    });
  });

  describe("buying", () => {
    it("buying pays the upfront fee in the SuperToken to the IP owner and records start and expiry", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.AiTrainingFlatFee] });
      const before = await superTokenBalance(chain, artist().account.address);
      const { licenseId, receipt } = await buyLicense(
        chain,
        aiCompany(),
        ipId,
        Preset.AiTrainingFlatFee,
        parseEther("100"),
      );
      assert.equal((await superTokenBalance(chain, artist().account.address)) - before, parseEther("100"));
      const block = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
      const license = (await licenses.read.getLicense([licenseId])) as {
        ipId: bigint;
        termsId: number;
        start: number;
        expiry: number;
      };
      assert.equal(license.ipId, ipId);
      assert.equal(BigInt(license.termsId), Preset.AiTrainingFlatFee);
      assert.equal(BigInt(license.start), block.timestamp);
      assert.equal(BigInt(license.expiry), block.timestamp + 365n * 24n * 3600n);
      assert.equal(
        getAddress((await licenses.read.ownerOf([licenseId])) as string),
        getAddress(aiCompany().account.address),
      );
      const [ev] = eventArgs(receipt.logs, licenseTokenAbi, "LicensePurchased");
      assert.equal(ev.licenseId, licenseId);
      assert.equal(ev.fee, parseEther("100"));
      assert.equal(getAddress(ev.licensee as string), getAddress(aiCompany().account.address));
      assert.equal(((await licenses.read.getOffer([ipId, Preset.AiTrainingFlatFee])) as { sold: number }).sold, 1);
    });

    it("a perpetual license records no expiry", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.CommercialRemix] });
      const { licenseId } = await buyLicense(chain, fan(), ipId, Preset.CommercialRemix);
      assert.equal(((await licenses.read.getLicense([licenseId])) as { expiry: number }).expiry, 0);
    });

    it("a fee above maxFee reverts with LicenseTokenFeeAboveMax", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.AiTrainingFlatFee] });
      await approveSuperToken(chain, aiCompany(), addresses(chain).licenses);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.buyLicense([ipId, Preset.AiTrainingFlatFee, parseEther("99")], { account: aiCompany().account }),
        licenses,
        "LicenseTokenFeeAboveMax",
        [parseEther("100"), parseEther("99")],
      );
    });

    it("terms not attached to the IP cannot be bought: LicenseTokenTermsNotAttached", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.NoAiTraining] });
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.buyLicense([ipId, Preset.AiTrainingFlatFee, parseEther("1000")], {
          account: aiCompany().account,
        }),
        licenses,
        "LicenseTokenTermsNotAttached",
        [ipId, Preset.AiTrainingFlatFee],
      );
    });

    it("the cap of the terms is respected: LicenseTokenCapReached", async () => {
      const capped = await registerTerms(chain, artist(), terms(chain, { maxLicenses: 2, legalTextURI: "urn:capped" }));
      const { ipId } = await register(chain, artist(), { termsIds: [capped] });
      await buyLicense(chain, aiCompany(), ipId, capped);
      await buyLicense(chain, fan(), ipId, capped);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.buyLicense([ipId, capped, parseEther("1000")], { account: aiCompany().account }),
        licenses,
        "LicenseTokenCapReached",
        [ipId, capped, 2n],
      );
    });

    it("after the owner stops sales nobody can buy, licenses sold keep working, and resuming reopens sales", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.AiTrainingFlatFee] });
      await buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingFlatFee);
      const stop = await artist().writeContract({
        address: addresses(chain).licenses,
        abi: licenseTokenAbi,
        functionName: "stopSales",
        args: [ipId, Preset.AiTrainingFlatFee],
      });
      const stopReceipt = await chain.publicClient.waitForTransactionReceipt({ hash: stop });
      assert.equal(eventArgs(stopReceipt.logs, licenseTokenAbi, "SalesStopped").length, 1);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.buyLicense([ipId, Preset.AiTrainingFlatFee, parseEther("1000")], { account: fan().account }),
        licenses,
        "LicenseTokenSalesStopped",
        [ipId, Preset.AiTrainingFlatFee],
      );
      assert.equal(await hasAccess(chain, ipId, aiCompany().account.address, Use.AiTraining), true);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.stopSales([ipId, Preset.AiTrainingFlatFee], { account: artist().account }),
        licenses,
        "LicenseTokenSalesStopped",
        [ipId, Preset.AiTrainingFlatFee],
      );
      const resume = await artist().writeContract({
        address: addresses(chain).licenses,
        abi: licenseTokenAbi,
        functionName: "resumeSales",
        args: [ipId, Preset.AiTrainingFlatFee],
      });
      const resumeReceipt = await chain.publicClient.waitForTransactionReceipt({ hash: resume });
      assert.equal(eventArgs(resumeReceipt.logs, licenseTokenAbi, "SalesResumed").length, 1);
      await buyLicense(chain, fan(), ipId, Preset.AiTrainingFlatFee);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.resumeSales([ipId, Preset.AiTrainingFlatFee], { account: artist().account }),
        licenses,
        "LicenseTokenSalesAlreadyOpen",
        [ipId, Preset.AiTrainingFlatFee],
      );
    });

    it("stopping sales of terms that are not attached reverts with LicenseTokenTermsNotAttached", async () => {
      const { ipId } = await register(chain, artist());
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.stopSales([ipId, Preset.NoAiTraining], { account: artist().account }),
        licenses,
        "LicenseTokenTermsNotAttached",
        [ipId, Preset.NoAiTraining],
      );
    });

    it("the terms of a sold license never change: registering edited terms creates new ids", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.NoAiTraining] });
      const { licenseId } = await buyLicense(chain, fan(), ipId, Preset.NoAiTraining);
      const t = await chain.viem.getContractAt("LicenseTerms", addresses(chain).terms);
      const original = (await t.read.getTerms([Preset.NoAiTraining])) as ReturnType<typeof terms>;
      const edited = await registerTerms(chain, artist(), { ...original, upfrontFee: parseEther("11") });
      assert.notEqual(edited, Preset.NoAiTraining);
      assert.deepEqual(await t.read.getTerms([Preset.NoAiTraining]), original);
      assert.equal(
        BigInt(((await licenses.read.getLicense([licenseId])) as { termsId: number }).termsId),
        Preset.NoAiTraining,
      );
    });
  });

  describe("hasAccess", () => {
    it("an AI-training license grants AI training and nothing else", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.AiTrainingFlatFee] });
      const who = aiCompany().account.address;
      assert.equal(await hasAccess(chain, ipId, who, Use.AiTraining), false);
      await buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingFlatFee);
      assert.equal(await hasAccess(chain, ipId, who, Use.AiTraining), true);
      assert.equal(await hasAccess(chain, ipId, who, Use.Commercial), false);
      assert.equal(await hasAccess(chain, ipId, who, Use.Derivative), false);
    });

    it("a 'No AI training' license grants commercial use but never AI training", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.NoAiTraining] });
      await buyLicense(chain, fan(), ipId, Preset.NoAiTraining);
      assert.equal(await hasAccess(chain, ipId, fan().account.address, Use.Commercial), true);
      assert.equal(await hasAccess(chain, ipId, fan().account.address, Use.AiTraining), false);
    });

    it("access ends when the license expires", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.AiTrainingFlatFee] });
      await buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingFlatFee);
      await chain.networkHelpers.time.increase(365 * 24 * 3600 - 10);
      assert.equal(await hasAccess(chain, ipId, aiCompany().account.address, Use.AiTraining), true);
      await chain.networkHelpers.time.increase(10);
      assert.equal(await hasAccess(chain, ipId, aiCompany().account.address, Use.AiTraining), false);
    });

    it("a transferable license moves access to its new owner", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.NoAiTraining] });
      const { licenseId } = await buyLicense(chain, fan(), ipId, Preset.NoAiTraining);
      await licenses.write.transferFrom([fan().account.address, aiCompany().account.address, licenseId], {
        account: fan().account,
      });
      assert.equal(await hasAccess(chain, ipId, fan().account.address, Use.Commercial), false);
      assert.equal(await hasAccess(chain, ipId, aiCompany().account.address, Use.Commercial), true);
      assert.deepEqual(await licenses.read.licensesOf([ipId, aiCompany().account.address]), [licenseId]);
      assert.equal(await licenses.read.findLicense([ipId, aiCompany().account.address, Use.Commercial]), licenseId);
    });

    it("a non-transferable license cannot be transferred: LicenseTokenNotTransferable", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.AiTrainingFlatFee] });
      const { licenseId } = await buyLicense(chain, aiCompany(), ipId, Preset.AiTrainingFlatFee);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.transferFrom([aiCompany().account.address, fan().account.address, licenseId], {
          account: aiCompany().account,
        }),
        licenses,
        "LicenseTokenNotTransferable",
        [licenseId],
      );
    });

    it("a burnt license grants nothing", async () => {
      const { ipId } = await register(chain, artist(), { termsIds: [Preset.NoAiTraining] });
      const { licenseId } = await buyLicense(chain, fan(), ipId, Preset.NoAiTraining);
      await licenses.write.burn([licenseId], { account: fan().account });
      assert.equal(await hasAccess(chain, ipId, fan().account.address, Use.Commercial), false);
      assert.equal(await licenses.read.licenseGrants([licenseId, Use.Commercial]), false);
    });

    it("an account holds at most eight licenses of one IP: LicenseTokenHolderFull", async () => {
      const cheap = await registerTerms(chain, artist(), terms(chain, { upfrontFee: 0n, legalTextURI: "urn:free" }));
      const { ipId } = await register(chain, artist(), { termsIds: [cheap] });
      for (let i = 0; i < 8; i++) await buyLicense(chain, fan(), ipId, cheap);
      assert.equal(((await licenses.read.licensesOf([ipId, fan().account.address])) as bigint[]).length, 8);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.buyLicense([ipId, cheap, 0n], { account: fan().account }),
        licenses,
        "LicenseTokenHolderFull",
        [getAddress(fan().account.address), ipId, 8n],
      );
    });

    it("licenses sent by others never lock an account out of buying: a fifth transfer in reverts with LicenseTokenReceiverFull", async () => {
      const free = await registerTerms(
        chain,
        artist(),
        terms(chain, { upfrontFee: 0n, legalTextURI: "urn:free:spam" }),
      );
      const { ipId } = await register(chain, artist(), { termsIds: [free] });
      const victim = aiCompany().account.address;
      for (let i = 0; i < 4; i++) {
        const { licenseId } = await buyLicense(chain, fan(), ipId, free);
        await licenses.write.transferFrom([fan().account.address, victim, licenseId], { account: fan().account });
      }
      const { licenseId: fifth } = await buyLicense(chain, fan(), ipId, free);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.write.transferFrom([fan().account.address, victim, fifth], { account: fan().account }),
        licenses,
        "LicenseTokenReceiverFull",
        [getAddress(victim), ipId, 4n],
      );
      // the account's own purchases still fit, up to the eight lanes
      for (let i = 0; i < 4; i++) await buyLicense(chain, aiCompany(), ipId, free);
      assert.equal(((await licenses.read.licensesOf([ipId, victim])) as bigint[]).length, 8);
    });

    it("a use above 2 reverts with LicenseTokenUnknownUse", async () => {
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        licenses.read.hasAccess([1n, fan().account.address, 3]),
        licenses,
        "LicenseTokenUnknownUse",
        [3],
      );
    });
  });
});
