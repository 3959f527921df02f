import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { wrappedBalance } from "@ipnft/protocol/verbs";
import { parseUnits } from "viem";
import { connectDevWallet, type E2EStack, screenshot, startStack } from "./support/stack";

describe("wallet shell in Chromium against the local chain", () => {
  let stack: E2EStack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  it("a newcomer connects the dev wallet, takes tUSDC from the faucet, wraps it and sees the tUSDCx balance change", async () => {
    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/wallet`);
    await connectDevWallet(page, "fan");
    const fan = stack.deployment.devAccounts!.fan;
    await page.getByText(fan.slice(0, 4), { exact: false }).first().waitFor();

    const underlying = page.getByTestId("underlying-balance");
    const superToken = page.getByTestId("supertoken-balance");
    await page.waitForFunction(() => document.querySelector('[data-testid="supertoken-balance"]')?.textContent !== "…");
    const superBefore = await superToken.textContent();
    assert.equal(superBefore, "0");

    await page.getByRole("button", { name: "Get test tUSDC" }).click();
    await page.locator('[data-status="confirmed"]').waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="underlying-balance"]')?.textContent === "1,000",
    );
    assert.equal(await underlying.textContent(), "1,000");

    await page.getByLabel("Amount to wrap").fill("250");
    await page.getByRole("button", { name: "Wrap into tUSDCx" }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="supertoken-balance"]')?.textContent === "250",
      null,
      {
        timeout: 30_000,
      },
    );
    await screenshot(page, "wallet-wrapped");

    // The page read the real SuperToken: the chain agrees.
    const onChain = await wrappedBalance(stack.clients.publicClient, stack.deployment, fan);
    assert.equal(onChain, parseUnits("250", 18));
    await page.context().close();
  });

  it("an amount that is not a number gets a plain-words message and sends nothing", async () => {
    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/wallet`);
    await connectDevWallet(page, "aiCompany");
    await page.getByLabel("Amount to wrap").fill("ten dollars");
    await page.getByRole("button", { name: /Wrap into/ }).click();
    await page.getByText("Enter an amount such as 100 or 12.5.").waitFor();
    assert.equal(await page.locator("[data-status]").count(), 0, "no transaction was started");
    await screenshot(page, "wallet-bad-amount");
    await page.context().close();
  });

  it("wrapping more than the balance is refused before any signature, naming the balance", async () => {
    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/wallet`);
    await connectDevWallet(page, "artist");
    await page.waitForFunction(() => document.querySelector('[data-testid="underlying-balance"]')?.textContent === "0");
    await page.getByLabel("Amount to wrap").fill("5");
    await page.getByRole("button", { name: /Wrap into/ }).click();
    await page.getByText("You have only 0 tUSDC.").waitFor();
    await page.context().close();
  });

  // Last: it stops the chain.
  it("when the local node stops, the page says the chain is not answering instead of crashing", async () => {
    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/wallet`);
    await connectDevWallet(page, "fan");
    await page.waitForFunction(() => document.querySelector('[data-testid="supertoken-balance"]')?.textContent !== "…");
    await stack.stopChain();
    await page.getByRole("button", { name: "Get test tUSDC" }).click();
    await page
      .getByText(/is not answering/)
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(page, "wallet-node-down");
    await page.context().close();
  });
});
