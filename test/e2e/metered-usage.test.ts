import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Address } from "viem";
import { licenseTokenAbi, superTokenAbi, usageMeterAbi } from "@ipnft/protocol/abis";
import { connectDevWallet, type E2EStack, screenshot, startStack } from "./support/stack";

describe("metered usage the chain could not charge, paid from the licenses dashboard", () => {
  let stack: E2EStack;
  before(async () => {
    stack = await startStack({ demo: true });
  });
  after(async () => {
    await stack?.stop();
  });

  it("an AI company whose usage settled while the meter could not charge it pays the unpaid files from its dashboard", async () => {
    const { publicClient, walletClient } = stack.clients;
    const { contracts, currency, chainId } = stack.deployment;
    const company = stack.deployment.devAccounts!.aiCompany;
    const meter = contracts.UsageMeter as Address;
    const read = <T>(address: Address, abi: readonly unknown[], functionName: string, args: unknown[] = []) =>
      publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>;
    const send = async (account: Address, request: Record<string, unknown>) =>
      publicClient.waitForTransactionReceipt({
        hash: await walletClient.writeContract({ ...request, account, chain: walletClient.chain } as never),
      });

    // The seeded demo's metered license of the AI company.
    const count = await read<bigint>(contracts.LicenseToken as Address, licenseTokenAbi, "licenseCount");
    let licenseId = 0n;
    let reported = 0n;
    for (let id = 1n; id <= count && licenseId === 0n; id++) {
      const owner = await read<Address>(contracts.LicenseToken as Address, licenseTokenAbi, "ownerOf", [id]);
      const usage = await read<{ reported: bigint }>(meter, usageMeterAbi, "usageOf", [id]);
      if (owner.toLowerCase() === company.toLowerCase() && usage.reported > 0n) [licenseId, reported] = [id, BigInt(usage.reported)];
    }
    assert.ok(licenseId > 0n, "the demo seeds a metered license with settled usage");

    // Two more files reported while the meter may not take the company's fUSDx: the units stay owed.
    await send(company, { address: currency.superToken, abi: superTokenAbi, functionName: "approve", args: [meter, 0n] });
    const receipt = { licenseId, cumulativeUnits: reported + 2n };
    const signature = await walletClient.signTypedData({
      account: company,
      domain: { name: "IPNFT UsageMeter", version: "1", chainId, verifyingContract: meter },
      types: { UsageReceipt: [{ name: "licenseId", type: "uint256" }, { name: "cumulativeUnits", type: "uint64" }] },
      primaryType: "UsageReceipt",
      message: receipt,
    });
    await send(walletClient.account!.address, { address: meter, abi: usageMeterAbi, functionName: "settle", args: [receipt, signature] });
    assert.equal(await read<bigint>(meter, usageMeterAbi, "unpaidUnits", [licenseId]), 2n);

    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/licenses`);
    await connectDevWallet(page, "aiCompany");
    const row = page.getByTestId(`license-${licenseId}`);
    await row.getByRole("button", { name: /Pay 2 unpaid files/ }).click();
    await row.locator('[data-status="confirmed"]', { hasText: "Pay 2 unpaid files" }).waitFor({ timeout: 30_000 });
    assert.equal(await read<bigint>(meter, usageMeterAbi, "unpaidUnits", [licenseId]), 0n);
    await row.getByRole("button", { name: /unpaid files/ }).waitFor({ state: "detached" });
    await row.getByText(/0 unpaid/).waitFor();
    await screenshot(page, "ai-company-6-usage-paid");
    await page.context().close();
  });
});
