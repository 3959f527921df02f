import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { holderIncome, liveBalance, shareBalance } from "@ipnft/protocol/verbs";
import { type Address, parseUnits } from "viem";
import { fundDemoWallets } from "../../scripts/seed/wallets";
import { aiCompanyStreams, workWithSharesOnSale } from "./support/market";
import { connectDevWallet, type E2EStack, screenshot, startStack } from "./support/stack";

describe("fan journey in Chromium: shares bought, income live, shares sent", () => {
  let stack: E2EStack;
  let ipId: bigint;
  let shareToken: Address;
  let streamRate: bigint;
  before(async () => {
    stack = await startStack();
    await fundDemoWallets(stack.deployment);
    ({ ipId, shareToken } = await workWithSharesOnSale(stack, "Salt marsh", 400_000n, parseUnits("0.0001", 18)));
    streamRate = await aiCompanyStreams(stack, ipId);
  });
  after(async () => {
    await stack?.stop();
  });

  it("a fan who buys a quarter of a work's shares sees income tick every frame, matching the chain, and the rate move when sending shares", async () => {
    const fan = stack.deployment.devAccounts!.fan;
    const { publicClient } = stack.clients;
    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/works/${ipId}`);
    await connectDevWallet(page, "fan");
    await page.getByRole("heading", { name: "Salt marsh" }).waitFor();
    await page
      .getByTestId("shares-for-sale")
      .getByText(/400,000 at 0.0001/)
      .waitFor();
    await page.getByLabel("Shares to buy").fill("250000");
    await page.getByText("Costs 25 tUSDCx; earns 25% of every royalty.").waitFor();
    await page.getByRole("button", { name: "Buy shares" }).click();
    await page.locator('[data-status="confirmed"]', { hasText: "Buy 250,000 shares" }).waitFor({ timeout: 30_000 });
    assert.equal(await shareBalance(publicClient, shareToken, fan), 250_000n);
    await page.getByRole("cell", { name: /\(you\)/ }).waitFor();
    await screenshot(page, "fan-1-bought-shares");

    await page.getByRole("link", { name: "Portfolio" }).click();
    await page.waitForURL(/\/portfolio$/);
    const holding = page.getByTestId(`holding-${ipId}`);
    await holding.getByText("250,000 (25%)").waitFor();
    await holding.getByRole("link", { name: "Salt marsh" }).waitFor();
    const { flowRate: chainRate } = await holderIncome(publicClient, stack.deployment, ipId, fan);
    // Within the pool's stated rounding: at most 999,999 wei/s of a requested rate is not distributed.
    const near = (a: bigint, b: bigint) => (a > b ? a - b : b - a) < 1_000_000n;
    assert.ok(
      near(chainRate, streamRate / 4n),
      `a quarter of the shares receives a quarter of the stream (${chainRate} vs ${streamRate / 4n})`,
    );
    await page.waitForFunction(
      (r) => document.querySelector('[data-testid="income-rate"]')?.getAttribute("data-flow-rate") === r,
      chainRate.toString(),
    );

    // Every frame a new value: sample five consecutive animation frames.
    const frames = await page.evaluate(async () => {
      const seen: string[] = [];
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        seen.push(document.querySelector('[data-testid="live-balance"]')!.getAttribute("data-wei")!);
      }
      return seen;
    });
    const values = frames.map(BigInt);
    const rises = values.slice(1).filter((v, i) => v > values[i]).length;
    assert.ok(rises >= 4, `the balance rose on ${rises} of 5 frames: ${frames.join(", ")}`);

    // The number on screen is the chain's real-time balance, advanced by the flow rate.
    const onScreen = await page.evaluate(() => ({
      wei: document.querySelector('[data-testid="live-balance"]')!.getAttribute("data-wei")!,
      at: Date.now(),
    }));
    // The chain's clock runs ahead of the wall clock (every block needs a later second, and setup mined many),
    // so the balance at the latest block is advanced by the wall-clock time between that read and the screen's.
    const fetchedAt = Date.now();
    const { amount: available } = await liveBalance(publicClient, stack.deployment, fan);
    const expected = available + (chainRate * BigInt(onScreen.at - fetchedAt)) / 1000n;
    const drift = BigInt(onScreen.wei) - expected;
    const tolerance = chainRate * 3n; // blocks come once a second, with whole-second timestamps
    assert.ok(
      drift <= tolerance && drift >= -tolerance,
      `screen ${onScreen.wei} vs chain ${expected} (drift ${drift}, allowed ${tolerance})`,
    );
    await screenshot(page, "fan-2-portfolio-live");

    // Send 100,000 shares to the artist: the fan's stream drops to 15%.
    await holding.getByLabel("Send shares to").fill(stack.deployment.devAccounts!.artist);
    await holding.getByLabel("How many").fill("100000");
    await holding.getByRole("button", { name: "Send shares" }).click();
    await holding.locator('[data-status="confirmed"]').waitFor({ timeout: 30_000 });
    await holding.getByText("150,000 (15%)").waitFor();
    const { flowRate: after } = await holderIncome(publicClient, stack.deployment, ipId, fan);
    assert.ok(near(after, (streamRate * 15n) / 100n), `15% of the shares receive 15% of the stream (${after})`);
    await page.waitForFunction(
      (r) => document.querySelector(`[data-testid="income-rate"]`)?.getAttribute("data-flow-rate") === r,
      after.toString(),
    );
    assert.equal(await holding.getByTestId("holding-rate").getAttribute("data-flow-rate"), after.toString());
    await screenshot(page, "fan-3-after-transfer");
    await page.context().close();
  });

  it("sending more shares than the fan holds is refused before any signature, in plain words", async () => {
    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/portfolio`);
    await connectDevWallet(page, "fan");
    const holding = page.getByTestId(`holding-${ipId}`);
    await holding.getByLabel("Send shares to").fill(stack.deployment.devAccounts!.artist);
    await holding.getByLabel("How many").fill("999999");
    await holding.getByRole("button", { name: "Send shares" }).click();
    await holding.getByText("You hold only 150,000 shares.").waitFor();
    assert.equal(await holding.locator("[data-status]").count(), 0);
    await page.context().close();
  });
});
