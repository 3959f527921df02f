import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { disputeOf, disputePauseOf } from "@ipnft/protocol/verbs";
import { fundDemoWallets } from "../../scripts/seed/wallets";
import { workWithSharesOnSale } from "./support/market";
import { connectDevWallet, type E2EStack, screenshot, startStack } from "./support/stack";

describe("dispute journey in Chromium: a bonded dispute pauses a work, the arbiter upholds it", () => {
  let stack: E2EStack;
  let ipId: bigint;
  before(async () => {
    stack = await startStack();
    await fundDemoWallets(stack.deployment);
    ({ ipId } = await workWithSharesOnSale(stack, "Borrowed heron", 0n, 1n));
  });
  after(async () => {
    await stack?.stop();
  });

  it("someone disputes a work from its page, the page shows the pause, the arbiter upholds and the page shows the ruling", async () => {
    const { publicClient } = stack.clients;
    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/works/${ipId}`);
    await connectDevWallet(page, "aiCompany");
    await page.getByRole("link", { name: "Dispute this registration" }).click();
    await page.waitForURL(new RegExp(`/works/${ipId}/dispute$`));
    await page.getByRole("heading", { name: `Dispute IP #${ipId}` }).waitFor();

    // Bad evidence is refused in words before anything is sent.
    await page.getByLabel("Similarity (%)").fill("150");
    await page.getByLabel("Evidence link").fill("https://example.org/heron-original");
    await page.getByRole("button", { name: /Open dispute/ }).click();
    await page.getByRole("alert").getByText("The similarity is a percentage between 0 and 100.").waitFor();

    await page.getByLabel("Similarity (%)").fill("97.5");
    await page.getByRole("button", { name: /Open dispute/ }).click();
    await page.waitForURL(new RegExp(`/works/${ipId}$`), { timeout: 60_000 });
    const banner = page.getByTestId("dispute-banner");
    await banner.getByText(/Disputed since .* — new licenses paused/).waitFor();
    await banner.getByText(/97\.50% similar/).waitFor();
    const pause = await disputePauseOf(publicClient, stack.deployment, ipId);
    assert.ok(pause.openDisputeId, "the chain records the open dispute");
    const opened = await disputeOf(publicClient, stack.deployment, pause.openDisputeId);
    assert.equal(opened.disputer, stack.deployment.devAccounts!.aiCompany);
    assert.equal(opened.similarityBps, 9_750);
    assert.equal(await banner.getByTestId("arbiter-ruling").count(), 0, "only the arbiter sees the ruling buttons");
    await screenshot(page, "disputes-1-paused");

    // The fan account is the local arbiter.
    const arbiter = await stack.newPage();
    await arbiter.goto(`${stack.webUrl}/works/${ipId}`);
    await connectDevWallet(arbiter, "fan");
    await arbiter.getByRole("button", { name: "Uphold: flag the work for good" }).click();
    await arbiter
      .getByTestId("dispute-banner")
      .getByText(/dispute upheld — flagged for good/)
      .waitFor({ timeout: 60_000 });
    const ruled = await disputePauseOf(publicClient, stack.deployment, ipId);
    assert.equal(ruled.flaggedBy, pause.openDisputeId);
    await screenshot(arbiter, "disputes-2-upheld");

    await page.goto(`${stack.webUrl}/disputes`);
    const row = page.getByTestId("disputes").locator(`li[data-status="upheld"]`);
    await row.getByText(`IP #${ipId}`).waitFor();
  });
});
