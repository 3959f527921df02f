import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { iPRegistryAbi, licenseTokenAbi } from "@ipnft/protocol/abis";
import { getAddress } from "viem";
import { deployedChain } from "../helpers/chain";
import {
  addresses,
  buyLicense,
  type Chain,
  commitRegistration,
  eventArgs,
  fundSuperToken,
  Preset,
  register,
  Use,
} from "../helpers/protocol";

describe("LicenseToken: derivative licenses", () => {
  let chain: Chain;
  let licenses: Awaited<ReturnType<Chain["viem"]["getContractAt"]>>;
  let parent: bigint;
  before(async () => {
    chain = await deployedChain();
    licenses = await chain.viem.getContractAt("LicenseToken", addresses(chain).licenses);
    await fundSuperToken(chain, chain.wallets[2]);
    await fundSuperToken(chain, chain.wallets[3]);
    ({ ipId: parent } = await register(chain, artist(), { termsIds: [Preset.CommercialRemix] }));
  });
  const artist = () => chain.wallets[1];
  const aiCompany = () => chain.wallets[2];
  const fan = () => chain.wallets[3];
  const registry = () => chain.viem.getContractAt("IPRegistry", addresses(chain).registry);

  it("registering a derivative uses its license up: DerivativeLicenseUsed names the license, the derivative and the remixer", async () => {
    const { licenseId } = await buyLicense(chain, fan(), parent, Preset.CommercialRemix);
    const { ipId: child, receipt } = await register(chain, fan(), { parentLicenseIds: [licenseId] });
    const [used] = eventArgs(receipt.logs, licenseTokenAbi, "DerivativeLicenseUsed");
    assert.deepEqual(
      [used.licenseId, used.derivativeIpId, getAddress(used.licensee as string)],
      [licenseId, child, getAddress(fan().account.address)],
    );
    assert.equal(
      await licenses.read.licenseGrants([licenseId, Use.Derivative]),
      false,
      "it grants derivatives no more",
    );
    assert.equal(await licenses.read.licenseGrants([licenseId, Use.Commercial]), true, "it keeps its commercial use");
  });

  it("a derivative license makes one derivative: a second registration with it reverts with IPRegistryNoDerivativeLicense", async () => {
    const { licenseId } = await buyLicense(chain, fan(), parent, Preset.CommercialRemix);
    await register(chain, fan(), { parentLicenseIds: [licenseId] });
    const r = await registry();
    const { registration: again, salt } = await commitRegistration(chain, fan(), { parentLicenseIds: [licenseId] });
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      r.write.register([again, salt], { account: fan().account }),
      r,
      "IPRegistryNoDerivativeLicense",
      [licenseId, getAddress(fan().account.address)],
    );
    void iPRegistryAbi;
  });

  it("a license that made its derivative cannot be passed to another remixer: LicenseTokenUsedForDerivative", async () => {
    const { licenseId } = await buyLicense(chain, fan(), parent, Preset.CommercialRemix);
    await register(chain, fan(), { parentLicenseIds: [licenseId] });
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      licenses.write.transferFrom([fan().account.address, aiCompany().account.address, licenseId], {
        account: fan().account,
      }),
      licenses,
      "LicenseTokenUsedForDerivative",
      [licenseId],
    );
    await licenses.write.burn([licenseId], { account: fan().account }); // it may still be burned, to free its lane
  });

  it("an unused derivative license still changes hands when its terms allow, and makes its one derivative for the new holder", async () => {
    const { licenseId } = await buyLicense(chain, fan(), parent, Preset.CommercialRemix);
    await licenses.write.transferFrom([fan().account.address, aiCompany().account.address, licenseId], {
      account: fan().account,
    });
    const { ipId: child } = await register(chain, aiCompany(), { parentLicenseIds: [licenseId] });
    assert.equal(((await (await registry()).read.parentsOf([child])) as { ipId: bigint }[])[0].ipId, parent);
  });

  it("only the IP registry may use a license for a derivative: LicenseTokenUnauthorized", async () => {
    const { licenseId } = await buyLicense(chain, fan(), parent, Preset.CommercialRemix);
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      licenses.write.useForDerivative([licenseId, fan().account.address, 1n], { account: fan().account }),
      licenses,
      "LicenseTokenUnauthorized",
      [getAddress(fan().account.address)],
    );
  });
});
