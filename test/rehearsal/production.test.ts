import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { iPRegistryAbi } from "@ipnft/protocol/abis";
import { findLicense, holderIncome, ipIdOfContentHash, shareBalance, usageOf } from "@ipnft/protocol/verbs";
import type { Address, Hex } from "viem";
import { artworkPng } from "../../scripts/seed/images";
import { sharesOf } from "../e2e/support/market";
import { screenshot } from "../e2e/support/stack";
import { INJECTED_WALLET_NAME } from "./support/injected-wallet";
import { connectInjectedWallet, log, type RehearsalStack, startRehearsal } from "./support/stack";

const TITLE = "Harbour lights";

describe("production rehearsal on chain 84532: canonical Superfluid, a given currency, an injected key wallet", () => {
  let stack: RehearsalStack;
  let ipId: bigint;
  before(async () => {
    stack = await startRehearsal();
  });
  after(async () => {
    await stack?.stop();
  });

  it("the production deploy used the canonical Superfluid file and the given currency, with no faucet and no dev accounts", async () => {
    const { deployment } = stack;
    assert.equal(deployment.chainId, 84532);
    assert.equal(deployment.contracts.Faucet, undefined, "no faucet outside the local chain");
    assert.equal(deployment.devAccounts, undefined, "no dev accounts outside the local chain");
    for (const name of ["IPRegistry", "LicenseTerms", "LicenseToken", "RoyaltyPools", "UsageMeter"]) {
      const code = await stack.clients.publicClient.getCode({ address: deployment.contracts[name]! });
      assert.ok(code && code.length > 2, `${name} has code`);
    }
    const page = await stack.browser.newPage();
    await page.goto(stack.webUrl);
    assert.equal(await page.getByText(/No contracts are deployed/).count(), 0, "the app serves chain 84532");
    await page.close();
  });

  it("a wallet on another network is told so in words and moved to Base Sepolia with one button; no dev wallet is offered", async () => {
    const { page, wallet } = await stack.walletPage(stack.parties.fan);
    await page.goto(stack.webUrl);
    await page.getByRole("button", { name: "Connect Wallet" }).first().click();
    await page.getByRole("button", { name: new RegExp(INJECTED_WALLET_NAME) }).waitFor();
    assert.equal(await page.getByRole("button", { name: /Local dev wallet/ }).count(), 0, "no dev wallet on 84532");
    await page.getByRole("button", { name: new RegExp(INJECTED_WALLET_NAME) }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    // The user picks Ethereum in the wallet's own network menu.
    await wallet.userSwitchesTo(page, 1);
    const banner = page.getByTestId("wrong-network");
    await banner.getByText(/connected to chain 1, but this app's contracts live on Base Sepolia/).waitFor();
    await screenshot(page, "rehearsal-1-wrong-network");
    await banner.getByRole("button", { name: "Switch to Base Sepolia" }).click();
    await banner.waitFor({ state: "detached" });
    assert.equal(wallet.chainId, 84532, "the wallet was asked to switch and did");
    assert.equal(await page.getByLabel("Acting as").count(), 0, "no role switcher outside the local chain");
    log("wrong network: the banner named chain 1 and Base Sepolia; 'Switch to Base Sepolia' switched the wallet");
    await page.context().close();
  });

  it("the artist registers a work from the browser, signing in and sending each transaction with the key", async () => {
    const { artist } = stack.parties;
    const png = await artworkPng(8080, TITLE);
    const { page, wallet } = await stack.walletPage(artist);
    await page.goto(`${stack.webUrl}/mint`);
    await connectInjectedWallet(page, INJECTED_WALLET_NAME);
    await page
      .getByLabel("Choose or drop the file to register")
      .setInputFiles({ name: "harbour.png", mimeType: "image/png", buffer: Buffer.from(png) });
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="file-sha256"]')?.textContent?.startsWith("0x"),
    );
    const sha256 = (await page.getByTestId("file-sha256").textContent()) as Hex;
    await page.getByLabel("Title").fill(TITLE);
    await page.getByLabel(/AI training, streamed and metered/).check();
    await page.getByLabel("Shares to offer fans (0 keeps them all)").fill("100000");
    await page.getByLabel(/^Price per share/).fill("0.001");
    await page.getByRole("button", { name: "Register and mint the IP-NFT" }).click();
    await page.waitForURL(/\/works\/\d+/, { timeout: 90_000 });
    ipId = BigInt(new URL(page.url()).pathname.split("/").at(-1)!);
    await page.getByRole("heading", { name: TITLE }).waitFor();
    await screenshot(page, "rehearsal-2-artist-work");

    const { publicClient } = stack.clients;
    assert.equal(await ipIdOfContentHash(publicClient, stack.deployment, sha256), ipId);
    const creator = await publicClient.readContract({
      address: stack.deployment.contracts.IPRegistry!,
      abi: iPRegistryAbi,
      functionName: "creatorOf",
      args: [ipId],
    });
    assert.equal(creator, artist.address, "the work is the artist key's");
    assert.ok(wallet.requests.includes("personal_sign"), "the artist signed in to the gateway (SIWE)");
    const sent = wallet.requests.filter((m) => m === "eth_sendTransaction").length;
    assert.ok(sent >= 2, `the key signed the registration's transactions (${sent})`);
    log(`artist: registered "${TITLE}" as IP #${ipId}; the key signed ${sent} transactions and a sign-in`);
    await page.context().close();
  });

  it("the AI company buys the streamed license, downloads the original, signs its usage, and the gateway settles it with its own key", async () => {
    assert.ok(ipId, "the artist's work exists");
    const company = stack.parties.aiCompany;
    const { publicClient } = stack.clients;
    const { page, wallet } = await stack.walletPage(company);
    await page.goto(`${stack.webUrl}/works/${ipId}`);
    await connectInjectedWallet(page, INJECTED_WALLET_NAME);
    const streamed = page.locator(".offer", { hasText: "a stream of at least" });
    await streamed.getByRole("button", { name: /Buy license/ }).click();
    await streamed.locator('[data-status="confirmed"]', { hasText: "Buy the license" }).waitFor({ timeout: 60_000 });
    await streamed.getByRole("button", { name: /Open the stream/ }).click();
    await streamed.getByTestId(`access-${ipId}`).getByText("yes").waitFor({ timeout: 60_000 });
    const licenseId = await findLicense(publicClient, stack.deployment, ipId, company.address, "training");
    assert.ok(licenseId > 0n, "the chain holds the license");
    log(`AI company: bought license #${licenseId} of IP #${ipId} and opened its stream`);

    await page.goto(`${stack.webUrl}/licenses`);
    const row = page.getByTestId(`license-${licenseId}`);
    // Sign-in (SIWE), the access check on chain and the bytes: slow on a busy machine.
    const downloadStarted = page.waitForEvent("download", { timeout: 60_000 });
    await row.getByRole("button", { name: "Download the original" }).click();
    const saved = readFileSync(await (await downloadStarted).path());
    assert.equal(saved.subarray(1, 4).toString(), "PNG", "the original PNG itself");
    await row.getByText(/matches the certificate/).waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Show my usage" }).click();
    await page.getByRole("button", { name: /Sign receipt for 1 file/ }).click();
    assert.ok(wallet.requests.includes("eth_signTypedData_v4"), "the receipt was signed as EIP-712 typed data");
    await screenshot(page, "rehearsal-3-ai-company-usage");

    const deadline = Date.now() + 60_000;
    let reported = 0n;
    while (reported < 1n && Date.now() < deadline) {
      ({ reported } = await usageOf(publicClient, stack.deployment, licenseId, company.address));
      if (reported < 1n) await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(reported, 1n, "the gateway settled the signed receipt on chain");
    const gatewayNonce = await publicClient.getTransactionCount({ address: stack.parties.gateway.address });
    assert.ok(gatewayNonce >= 1, "the settlement was sent from the gateway's own key");
    const unlocked = (await publicClient.request({ method: "eth_accounts" } as never)) as Address[];
    for (const account of unlocked) {
      assert.equal(await publicClient.getTransactionCount({ address: account }), 0, `${account} never sent`);
    }
    log(
      `AI company: downloaded the original, signed 1 unit; the gateway (${stack.parties.gateway.address}) settled it`,
    );
    log(`no transaction came from any of the node's ${unlocked.length} unlocked accounts`);
    await page.context().close();
  });

  it("a fan buys shares from the browser and sees the royalty stream's income tick", async () => {
    assert.ok(ipId, "the artist's work exists");
    const fan = stack.parties.fan;
    const { publicClient } = stack.clients;
    const { page } = await stack.walletPage(fan);
    await page.goto(`${stack.webUrl}/works/${ipId}`);
    await connectInjectedWallet(page, INJECTED_WALLET_NAME);
    await page.getByLabel("Shares to buy").fill("50000");
    await page.getByRole("button", { name: "Buy shares" }).click();
    await page.locator('[data-status="confirmed"]', { hasText: "Buy 50,000 shares" }).waitFor({ timeout: 60_000 });
    const { shareToken } = await sharesOf(stack, ipId);
    assert.equal(await shareBalance(publicClient, shareToken, fan.address), 50_000n);

    await page.getByRole("link", { name: "Portfolio" }).click();
    await page.waitForURL(/\/portfolio$/);
    await page.getByTestId(`holding-${ipId}`).getByRole("link", { name: TITLE }).waitFor();
    const { flowRate } = await holderIncome(publicClient, stack.deployment, ipId, fan.address);
    assert.ok(flowRate > 0n, "the fan's shares receive part of the AI company's stream");
    await page.waitForFunction(
      (r) => document.querySelector('[data-testid="income-rate"]')?.getAttribute("data-flow-rate") === r,
      flowRate.toString(),
    );
    const first = BigInt((await page.getByTestId("live-balance").getAttribute("data-wei"))!);
    await page.waitForTimeout(500);
    const second = BigInt((await page.getByTestId("live-balance").getAttribute("data-wei"))!);
    assert.ok(second > first, `income ticks: ${first} -> ${second}`);
    await screenshot(page, "rehearsal-4-fan-income");
    log(`fan: bought 50,000 shares of IP #${ipId}; income ${flowRate} wei/s, ticking on the portfolio`);
    await page.context().close();
  });
});
