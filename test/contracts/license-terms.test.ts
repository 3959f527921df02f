import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { iLicenseTermsAbi, licenseTermsAbi } from "@ipnft/protocol/abis";
import { getAddress, parseEther, zeroAddress } from "viem";
import { deployedChain } from "../helpers/chain";
import { addresses, type Chain, eventArgs, Preset, registerTerms, terms } from "../helpers/protocol";

describe("LicenseTerms: on-chain terms, validated and deduplicated", () => {
  let chain: Chain;
  let contract: Awaited<ReturnType<Chain["viem"]["getContractAt"]>>;
  before(async () => {
    chain = await deployedChain();
    contract = await chain.viem.getContractAt("LicenseTerms", addresses(chain).terms);
  });
  const artist = () => chain.wallets[1];

  it("ships the five presets under ids 1 to 5, by name", async () => {
    const [names, ids] = (await contract.read.presets()) as [string[], bigint[]];
    assert.deepEqual(names, [
      "No AI training",
      "AI training, flat fee",
      "AI training, streamed and metered",
      "Commercial remix with derivative royalty",
      "AI training, pay per file",
    ]);
    assert.deepEqual(ids, [
      Preset.NoAiTraining,
      Preset.AiTrainingFlatFee,
      Preset.AiTrainingStreamed,
      Preset.CommercialRemix,
      Preset.AiTrainingPayPerFile,
    ]);
    assert.equal(await contract.read.PRESET_COUNT(), 5n);
  });

  it("the presets say what their names say: AI training only where named, streamed terms need a stream and a unit price", async () => {
    const get = (id: bigint) => contract.read.getTerms([id]) as Promise<Record<string, unknown>>;
    const noAi = await get(Preset.NoAiTraining);
    assert.equal(noAi.aiTrainingAllowed, false);
    const flat = await get(Preset.AiTrainingFlatFee);
    assert.equal(flat.aiTrainingAllowed, true);
    assert.ok((flat.upfrontFee as bigint) > 0n);
    const streamed = await get(Preset.AiTrainingStreamed);
    assert.equal(streamed.aiTrainingAllowed, true);
    assert.ok((streamed.minStreamRate as bigint) > 0n && (streamed.pricePerUnit as bigint) > 0n);
    assert.equal(streamed.minStreamPeriod, 7 * 24 * 3600, "a week of the minimum stream is prepaid");
    const remix = await get(Preset.CommercialRemix);
    assert.equal(remix.derivativesAllowed, true);
    assert.equal(remix.commercialUse, true);
    assert.ok((remix.derivativeRoyaltyBps as number) > 0);
    assert.equal(getAddress(remix.currency as string), getAddress(addresses(chain).superToken));
    const perFile = await get(Preset.AiTrainingPayPerFile);
    assert.deepEqual(
      [perFile.aiTrainingAllowed, perFile.commercialUse, perFile.derivativesAllowed, perFile.transferable],
      [true, true, false, false],
    );
    assert.equal(perFile.upfrontFee, 0n, "nothing to pay to hold the license");
    assert.equal(perFile.minStreamRate, 0n);
    assert.equal(perFile.pricePerUnit, parseEther("0.05"), "0.05 of the currency a file");
    assert.equal(perFile.maxUnpaidUnits, 0n, "no file on credit");
    assert.equal(perFile.duration, 0);
  });

  it("registering new terms stores them under the next id and emits TermsRegistered with their hash", async () => {
    const t = terms(chain, { legalTextURI: "ipfs://legal-new", maxLicenses: 7 });
    const count = (await contract.read.termsCount()) as bigint;
    const hash = await artist().writeContract({
      address: addresses(chain).terms,
      abi: licenseTermsAbi,
      functionName: "registerTerms",
      args: [t],
    });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    const [ev] = eventArgs(receipt.logs, licenseTermsAbi, "TermsRegistered");
    assert.equal(ev.termsId, count + 1n);
    assert.equal(ev.termsHash, await contract.read.hashTerms([t]));
    const stored = (await contract.read.getTerms([count + 1n])) as Record<string, unknown>;
    assert.equal(stored.maxLicenses, 7);
    assert.equal(stored.legalTextURI, "ipfs://legal-new");
  });

  it("registering the same terms twice returns the first id and emits nothing", async () => {
    const t = terms(chain, { legalTextURI: "ipfs://legal-dedup" });
    const first = await registerTerms(chain, artist(), t);
    const hash = await artist().writeContract({
      address: addresses(chain).terms,
      abi: licenseTermsAbi,
      functionName: "registerTerms",
      args: [t],
    });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    assert.equal(eventArgs(receipt.logs, licenseTermsAbi, "TermsRegistered").length, 0);
    assert.equal(await registerTerms(chain, artist(), t), first);
    assert.equal(await contract.read.termsIdOf([t]), first);
  });

  it("getTermsCore returns the enforced fields without the legal text", async () => {
    const core = (await contract.read.getTermsCore([Preset.CommercialRemix])) as Record<string, unknown>;
    const full = (await contract.read.getTerms([Preset.CommercialRemix])) as Record<string, unknown>;
    assert.equal(core.legalTextURI, "");
    assert.deepEqual({ ...core, legalTextURI: full.legalTextURI }, full);
  });

  it("enforcedTerms returns what contracts enforce, equal to the registered terms", async () => {
    for (const id of Object.values(Preset)) {
      const full = (await contract.read.getTerms([id])) as Record<string, unknown>;
      const enforced = (await contract.read.enforcedTerms([id])) as Record<string, unknown>;
      const { attributionRequired: _a, currency: _c, legalTextURI: _l, ...expected } = full;
      assert.deepEqual(enforced, expected);
    }
  });

  it("streamed terms with a prepaid period are registered, and the period is stored with them", async () => {
    const id = await registerTerms(
      chain,
      artist(),
      terms(chain, { minStreamRate: 2_000_000n, minStreamPeriod: 3600, legalTextURI: "urn:streamed:hour" }),
    );
    const stored = (await contract.read.getTerms([id])) as Record<string, unknown>;
    assert.deepEqual([stored.minStreamRate, stored.minStreamPeriod], [2_000_000n, 3600]);
  });

  it("getTerms gives back the registered currency although it is not stored per terms", async () => {
    const full = (await contract.read.getTerms([Preset.AiTrainingStreamed])) as Record<string, unknown>;
    assert.equal(full.currency, getAddress(addresses(chain).superToken));
  });

  const invalid: [string, (c: Chain) => ReturnType<typeof terms>, string, (c: Chain) => unknown[]][] = [
    ["terms that allow no use", (c) => terms(c, { aiTrainingAllowed: false }), "LicenseTermsGrantNoUse", () => []],
    [
      "a derivative royalty without derivatives",
      (c) => terms(c, { derivativeRoyaltyBps: 100 }),
      "LicenseTermsRoyaltyWithoutDerivatives",
      () => [100],
    ],
    [
      "a derivative royalty above 50%",
      (c) => terms(c, { derivativesAllowed: true, derivativeRoyaltyBps: 5001 }),
      "LicenseTermsRoyaltyTooHigh",
      () => [5001, 5000],
    ],
    ["a negative stream rate", (c) => terms(c, { minStreamRate: -1n }), "LicenseTermsNegativeStreamRate", () => [-1n]],
    [
      "a stream rate without a prepaid period",
      (c) => terms(c, { minStreamRate: 1_000_000n }),
      "LicenseTermsStreamWithoutPrepaidPeriod",
      () => [1_000_000n],
    ],
    [
      "a prepaid period without a stream rate",
      (c) => terms(c, { minStreamPeriod: 3600 }),
      "LicenseTermsPrepaidPeriodWithoutStream",
      () => [3600],
    ],
    [
      "an unpaid-usage bound without a unit price",
      (c) => terms(c, { maxUnpaidUnits: 10n }),
      "LicenseTermsUsageLimitWithoutPrice",
      () => [10n],
    ],
    [
      "another currency",
      (c) => terms(c, { currency: zeroAddress }),
      "LicenseTermsUnsupportedCurrency",
      (c) => [zeroAddress, getAddress(addresses(c).superToken)],
    ],
    ["no legal text", (c) => terms(c, { legalTextURI: "" }), "LicenseTermsMissingLegalText", () => []],
  ];
  for (const [what, make, error, args] of invalid) {
    it(`${what} revert with ${error}`, async () => {
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        contract.write.registerTerms([make(chain)], { account: artist().account }),
        contract,
        error,
        args(chain),
      );
    });
  }

  it("validateTerms returns for valid terms and names the first inconsistency of invalid ones, registering nothing", async () => {
    const count = (await contract.read.termsCount()) as bigint;
    await contract.read.validateTerms([
      terms(chain, { minStreamRate: 1_000_000n, minStreamPeriod: 60, legalTextURI: "urn:validate" }),
    ]);
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      contract.read.validateTerms([terms(chain, { minStreamRate: 1_000_000n })]),
      contract,
      "LicenseTermsStreamWithoutPrepaidPeriod",
      [1_000_000n],
    );
    assert.equal(await contract.read.termsCount(), count);
  });

  it("unknown terms ids revert with LicenseTermsNotFound", async () => {
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      contract.read.getTerms([0n]),
      contract,
      "LicenseTermsNotFound",
      [0n],
    );
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      contract.read.getTermsCore([10_000n]),
      contract,
      "LicenseTermsNotFound",
      [10_000n],
    );
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      contract.read.enforcedTerms([0n]),
      contract,
      "LicenseTermsNotFound",
      [0n],
    );
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      contract.read.enforcedTerms([10_000n]),
      contract,
      "LicenseTermsNotFound",
      [10_000n],
    );
    assert.equal(await contract.read.exists([10_000n]), false);
  });

  it("the interface ABI carries every error the contract raises", () => {
    const names = (abi: readonly { type: string; name?: string }[]) =>
      abi
        .filter((e) => e.type === "error")
        .map((e) => e.name)
        .sort();
    assert.deepEqual(names(iLicenseTermsAbi), names(licenseTermsAbi));
  });
});
