import { describe, expect, it } from "vitest";
import { accountLicenses, buyLicenseSteps, derivativeGrants, hasAccess } from "./licenses";
import { at, deployment, stubReader } from "./test-chain";

const buyer = at(0xb0);
const license = (ipId: number, termsId: number) => ({ ipId: BigInt(ipId), termsId, start: 10, expiry: 0 });

describe("buying a license", () => {
  it("lets the license contract take the fee, then buys with the fee as the most the buyer pays", () => {
    const steps = buyLicenseSteps(deployment, { ipId: 5n, termsId: 2n, maxFee: 100n, allowance: 0n });
    expect(steps.map((s) => [s.step, s.request.address, s.request.functionName, s.request.args])).toEqual([
      ["approve", deployment.currency.superToken, "approve", [deployment.contracts.LicenseToken, 100n]],
      ["buyLicense", deployment.contracts.LicenseToken, "buyLicense", [5n, 2n, 100n]],
    ]);
  });

  it("buys straight away when the license contract may already take the fee", () => {
    expect(
      buyLicenseSteps(deployment, { ipId: 5n, termsId: 2n, maxFee: 100n, allowance: 500n }).map((s) => s.step),
    ).toEqual(["buyLicense"]);
  });

  it("buys a license without a fee with no approval at all", () => {
    expect(buyLicenseSteps(deployment, { ipId: 5n, termsId: 3n, maxFee: 0n }).map((s) => s.step)).toEqual([
      "buyLicense",
    ]);
  });
});

describe("the licenses an account holds", () => {
  const transfers = [4n, 2n, 4n, 9n].map((tokenId) => ({ args: { to: buyer, tokenId } }));
  const owners: Record<string, string> = { "2": buyer, "4": buyer.toUpperCase().replace("0X", "0x"), "9": at(0xee) };
  const stub = () =>
    stubReader(
      {
        ownerOf: ([id]) => owners[String(id)],
        getLicense: ([id]) => license(Number(id) * 10, 1),
        licenseGrants: ([id, use]) => id === 4n && use === 2,
        getTerms: () => ({ derivativeRoyaltyBps: 250 }),
      },
      { Transfer: transfers },
    );

  it("are the license tokens it received and still owns, each once, oldest first", async () => {
    const { client, queries } = stub();
    const held = await accountLicenses(client, deployment, buyer);
    expect(held).toEqual([
      { licenseId: 2n, ipId: 20n, termsId: 1n, start: 10, expiry: 0 },
      { licenseId: 4n, ipId: 40n, termsId: 1n, start: 10, expiry: 0 },
    ]);
    expect(queries[0]).toMatchObject({
      address: deployment.contracts.LicenseToken,
      args: { to: buyer },
      fromBlock: 7n,
    });
  });

  it("reads every license at the block asked for", async () => {
    const { client, calls } = stub();
    await accountLicenses(client, deployment, buyer, { blockNumber: 99n });
    expect(new Set(calls.map((c) => c.blockNumber))).toEqual(new Set([99n]));
  });

  it("that allow a derivative now name the parent work and the royalty owed", async () => {
    const { client } = stub();
    expect(await derivativeGrants(client, deployment, buyer)).toEqual([
      { licenseId: 4n, parentIpId: 40n, royaltyBps: 250 },
    ]);
  });
});

describe("access", () => {
  it("asks LicenseToken.hasAccess with the use's number", async () => {
    const { client, calls } = stubReader({ hasAccess: () => true });
    expect(await hasAccess(client, deployment, 5n, buyer, "derivative")).toBe(true);
    expect(calls[0]).toMatchObject({ address: deployment.contracts.LicenseToken, args: [5n, buyer, 2] });
  });
});
