import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { disputeOf, disputePauseOf, disputeSettings, openDisputeSteps } from "@ipnft/protocol/verbs";
import { fundDemoWallets } from "../../scripts/seed/wallets";
import { sendAs, workWithSharesOnSale } from "./support/market";
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

  it("an arbiter who owns the disputed work is told it cannot rule, with no ruling buttons, on its page and the list", async () => {
    const { publicClient } = stack.clients;
    const { fan: arbiterAccount, aiCompany } = stack.deployment.devAccounts!;
    const { arbiter, bond } = await disputeSettings(publicClient, stack.deployment);
    assert.equal(arbiter, arbiterAccount, "the fan account is the local arbiter");
    const own = await workWithSharesOnSale(stack, "Arbiter's own sketch", 0n, 1n, arbiterAccount);
    await sendAs(
      stack,
      aiCompany,
      ...openDisputeSteps(stack.deployment, {
        ipId: own.ipId,
        evidence: { earlierIpId: 0n, similarityBps: 9_000, uri: "https://example.org/sketch-original" },
        bond,
      }),
    );
    const pause = await disputePauseOf(publicClient, stack.deployment, own.ipId);
    assert.ok(pause.openDisputeId, "the dispute is open on chain");

    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/works/${own.ipId}`);
    await connectDevWallet(page, "fan");
    const banner = page.getByTestId("dispute-banner");
    await banner
      .getByTestId("arbiter-owns-ip")
      .getByText(`you own IP #${own.ipId}: no one rules on their own work`)
      .waitFor();
    assert.equal(await banner.getByRole("button", { name: /Uphold|Reject/ }).count(), 0, "no ruling buttons");

    await page.goto(`${stack.webUrl}/disputes`);
    const row = page.getByTestId("disputes").locator(`li[data-status="open"]`, { hasText: `IP #${own.ipId}` });
    await row.getByTestId("arbiter-owns-ip").waitFor();
    assert.equal(await row.getByRole("button", { name: /Uphold|Reject/ }).count(), 0, "no ruling buttons in the list");
    assert.equal((await disputeOf(publicClient, stack.deployment, pause.openDisputeId)).status, "open");
  });
});
