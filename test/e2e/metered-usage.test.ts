import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { licenseTokenAbi } from "@ipnft/protocol/abis";
import {
  approveCurrency,
  sendWrite,
  settleUsage,
  unpaidUnits,
  usageOf,
  usageReceiptTypedData,
} from "@ipnft/protocol/verbs";
import type { Address } from "viem";
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
    const { deployment } = stack;
    const company = deployment.devAccounts!.aiCompany;
    const meter = deployment.contracts.UsageMeter as Address;
    const licenseToken = deployment.contracts.LicenseToken as Address;

    // The seeded demo's metered license of the AI company.
    const count = await publicClient.readContract({
      address: licenseToken,
      abi: licenseTokenAbi,
      functionName: "licenseCount",
    });
    let licenseId = 0n;
    let reported = 0n;
    for (let id = 1n; id <= count && licenseId === 0n; id++) {
      const owner = await publicClient.readContract({
        address: licenseToken,
        abi: licenseTokenAbi,
        functionName: "ownerOf",
        args: [id],
      });
      const usage = await usageOf(publicClient, deployment, id, company);
      if (owner.toLowerCase() === company.toLowerCase() && usage.reported > 0n)
        [licenseId, reported] = [id, usage.reported];
    }
    assert.ok(licenseId > 0n, "the demo seeds a metered license with settled usage");

    // Two more files reported while the meter may not take the company's tUSDCx: the units stay owed.
    await sendWrite({ ...stack.clients, account: company }, approveCurrency(deployment, meter, 0n));
    const receipt = { licenseId, licensee: company, cumulativeUnits: reported + 2n };
    const signature = await walletClient.signTypedData({
      account: company,
      ...usageReceiptTypedData(deployment, receipt),
    });
    await sendWrite(stack.clients, settleUsage(deployment, receipt, signature));
    assert.equal(await unpaidUnits(publicClient, deployment, licenseId, company), 2n);

    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/licenses`);
    await connectDevWallet(page, "aiCompany");
    const row = page.getByTestId(`license-${licenseId}`);
    await row.getByRole("button", { name: /Pay 2 unpaid files/ }).click();
    await row.locator('[data-status="confirmed"]', { hasText: "Pay 2 unpaid files" }).waitFor({ timeout: 30_000 });
    assert.equal(await unpaidUnits(publicClient, deployment, licenseId, company), 0n);
    await row.getByRole("button", { name: /unpaid files/ }).waitFor({ state: "detached" });
    await row.getByText(/0 unpaid/).waitFor();
    await screenshot(page, "ai-company-6-usage-paid");
    await page.context().close();
  });
});
