import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { findLicense, licenseeFlowRate, hasAccess as readAccess } from "@ipnft/protocol/verbs";
import { connectDevWallet, type E2EStack, screenshot, startStack } from "./support/stack";

/** The upfront price on a catalog card ("from 100 tUSDCx up front" -> 100). */
const priceOf = (text: string) => {
  const m = /from ([\d,.]+) tUSDCx up front/.exec(text);
  assert.ok(m, `the card names its upfront price: ${text}`);
  return Number(m[1].replace(/,/g, ""));
};

describe("AI company journey in Chromium against the seeded demo market", () => {
  let stack: E2EStack;
  before(async () => {
    stack = await startStack({ demo: true });
  });
  after(async () => {
    await stack?.stop();
  });

  it("browses AI-trainable works sorted by price, buys a flat-fee license, downloads the original and sees it on its dashboard", async () => {
    const company = stack.deployment.devAccounts!.aiCompany;
    const page = await stack.newPage();
    await page.goto(stack.webUrl);
    await connectDevWallet(page, "aiCompany");
    await page.getByLabel("Licensable for").selectOption("training");
    await page.getByLabel("Sort").selectOption("price-asc");
    await page.getByRole("button", { name: "Show works" }).click();
    await page.waitForURL(/use=training/);
    await page.getByRole("heading", { name: /licensable for ai training/ }).waitFor();

    const cards = page.locator(".work-card");
    const count = await cards.count();
    assert.ok(count >= 5, `several trainable works are listed (${count})`);
    const all = await page.evaluate(() => document.querySelectorAll(".work-card").length);
    assert.equal(all, count);
    for (let i = 0; i < count; i++) {
      assert.match((await cards.nth(i).textContent()) ?? "", /AI-trainable/, "every card listed is trainable");
    }
    const prices = await Promise.all(
      Array.from({ length: count }, (_, i) => cards.nth(i).getByTestId("work-price").textContent()),
    );
    const numbers = prices.map((p) => priceOf(p ?? ""));
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => a - b),
      `cards are sorted by price, cheapest first: ${numbers.join(", ")}`,
    );
    // "No AI training"-only works are filtered out.
    assert.equal(await page.getByText("Neon orchard").count(), 0);
    await screenshot(page, "ai-company-1-catalog-trainable");

    // A flat-fee license of a work it has none of yet: "Velvet thunder".
    await page.getByRole("link", { name: /Velvet thunder/ }).click();
    await page.waitForURL(/\/works\/\d+/);
    const ipId = BigInt(new URL(page.url()).pathname.split("/").at(-1)!);
    const flatOffer = page.locator(".offer", { hasText: "100 tUSDCx once" });
    await flatOffer.getByRole("button", { name: /Buy license/ }).click();
    await flatOffer.locator('[data-status="confirmed"]', { hasText: "Buy the license" }).waitFor({ timeout: 30_000 });
    const licenseId = await findLicense(stack.clients.publicClient, stack.deployment, ipId, company, "training");
    assert.ok(licenseId > 0n, "the chain holds the license");
    await screenshot(page, "ai-company-2-license-bought");

    await page.getByRole("link", { name: "Licenses", exact: true }).click();
    await page.waitForURL(/\/licenses$/);
    const row = page.getByTestId(`license-${licenseId}`);
    await row.getByText("Velvet thunder").waitFor();
    assert.equal(await row.getByTestId("training-now").textContent(), "yes");
    const downloadStarted = page.waitForEvent("download");
    await row.getByRole("button", { name: "Download the original" }).click();
    const download = await downloadStarted;
    await row.getByText(/matches the certificate/).waitFor();
    const saved = readFileSync(await download.path());
    assert.equal(saved.subarray(1, 4).toString(), "PNG", "the original PNG itself, not the preview");
    assert.ok(
      Number(await page.getByTestId("licenses-count").textContent()) >= 3,
      "the seeded licenses and the new one are listed",
    );
    await page.getByRole("button", { name: "Show my usage" }).click();
    await page.getByTestId("gateway-usage").getByText(`#${licenseId}`).waitFor();
    await screenshot(page, "ai-company-3-dashboard");
    await page.context().close();
  });

  it("opens a streamed license, then stops the stream and loses access at once", async () => {
    const company = stack.deployment.devAccounts!.aiCompany;
    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/?use=training&kind=dataset`);
    await connectDevWallet(page, "aiCompany");
    await page.getByRole("link", { name: /Street signs of 2026/ }).click();
    await page.waitForURL(/\/works\/\d+/);
    const ipId = BigInt(new URL(page.url()).pathname.split("/").at(-1)!);
    const { publicClient } = stack.clients;
    const streamed = page.locator(".offer", { hasText: "a stream of at least" });
    await streamed.getByText("You are not streaming to this work.").waitFor();

    await streamed.getByRole("button", { name: /Buy license/ }).click();
    await streamed.locator('[data-status="confirmed"]', { hasText: "Buy the license" }).waitFor({ timeout: 30_000 });
    await streamed.getByRole("button", { name: /Open the stream/ }).click();
    await streamed.getByTestId(`access-${ipId}`).getByText("yes").waitFor({ timeout: 30_000 });
    const rate = await licenseeFlowRate(publicClient, stack.deployment, ipId, company);
    assert.ok(rate > 0n, "the stream flows on chain");
    await screenshot(page, "ai-company-4-stream-open");

    await page.goto(`${stack.webUrl}/licenses`);
    const stream = page.getByTestId(`stream-${ipId}`);
    await stream.getByText(/You stream/).waitFor();
    assert.ok(BigInt((await page.getByTestId("streaming-out").getAttribute("data-flow-rate")) ?? "0") >= rate);
    await stream.getByRole("button", { name: "Stop the stream" }).click();
    await stream.getByText("You are not streaming to this work.").waitFor({ timeout: 30_000 });
    await page.getByTestId(`access-${ipId}`).getByText("no").waitFor({ timeout: 30_000 });
    const hasAccess = await readAccess(publicClient, stack.deployment, ipId, company, "training");
    assert.equal(hasAccess, false, "the chain agrees: no stream, no access");

    // The gateway refuses the original now, in words.
    const licenseRow = page.locator(".offer", { has: page.getByTestId(`stream-${ipId}`) });
    await licenseRow.getByRole("button", { name: "Download the original" }).click();
    await licenseRow
      .getByRole("alert")
      .getByText(/stream is not flowing/)
      .waitFor();
    await screenshot(page, "ai-company-5-stream-stopped");
    await page.context().close();
  });
});
