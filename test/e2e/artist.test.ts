import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileCid } from "@ipnft/gateway/content/cid";
import { iPRegistryAbi } from "@ipnft/protocol/abis";
import { attachedTerms, ipIdOfContentHash, shareSale } from "@ipnft/protocol/verbs";
import { parseUnits } from "viem";
import { artworkPng } from "../../scripts/seed/images";
import { fundDemoWallets } from "../../scripts/seed/wallets";
import { aiCompanyStreams, sharesOf } from "./support/market";
import { connectDevWallet, type E2EStack, screenshot, startStack } from "./support/stack";

const storedOriginals = (dataDir: string) => {
  try {
    return readdirSync(path.join(dataDir, "originals")).filter((f) => !f.endsWith(".json"));
  } catch {
    return [];
  }
};

/** Switches the connected dev wallet to another role with the header's role switcher. */
async function connectAs(page: import("playwright-core").Page, role: "artist" | "aiCompany" | "fan") {
  await page.getByLabel("Acting as").selectOption(role);
}

describe("artist journey in Chromium against the local chain", () => {
  let stack: E2EStack;
  let mintedIpId: bigint | undefined;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  it("an artist sees the file's SHA-256 and CID before anything is sent, picks terms, mints, and lands on the certificate", async () => {
    const png = await artworkPng(4242, "Tide pools");
    const sha256 = `0x${createHash("sha256").update(png).digest("hex")}`;
    const cid = fileCid(png).toString();
    const artist = stack.deployment.devAccounts!.artist;

    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/mint`);
    await connectDevWallet(page, "artist");
    await page
      .getByLabel("Choose or drop the file to register")
      .setInputFiles({ name: "tide-pools.png", mimeType: "image/png", buffer: Buffer.from(png) });

    await page.waitForFunction(() =>
      document.querySelector('[data-testid="file-sha256"]')?.textContent?.startsWith("0x"),
    );
    assert.equal(await page.getByTestId("file-sha256").textContent(), sha256, "the browser's SHA-256 is the file's");
    assert.equal(await page.getByTestId("file-cid").textContent(), cid, "the browser's CID is the one IPFS gives");
    assert.deepEqual(storedOriginals(stack.dataDir), [], "nothing was uploaded while hashing");
    await page.getByRole("img", { name: "The file you chose, tide-pools.png" }).waitFor();

    await page.getByLabel(/A style:/).check();
    await page.getByLabel("Title").fill("Tide pools");
    await page.getByLabel("Description").fill("Rock pools at low tide, layered in translucent shapes.");
    await page.getByLabel("Tags (comma separated)").fill("sea, abstract");
    // Presets come from the chain; the first one is picked already. Add the streamed AI training preset.
    await page.getByLabel(/AI training, streamed and metered/).check();
    await page.getByLabel("Also offer terms I write myself").check();
    await page.getByLabel("Upfront fee (tUSDCx)").fill("42");
    await page.getByLabel("Licenses on offer (0 = no limit)").fill("1");
    await page.getByLabel("Allow derivatives").check();
    await page.getByLabel("Derivative royalty (%)").fill("12.5");
    // The terms read back in plain words before anything is signed.
    const editor = page.locator(".terms-editor");
    await editor.getByText("Allowed; a derivative owes 12.5% of its income to this work").waitFor();
    await editor.getByText("42 tUSDCx once").waitFor();
    await editor.getByText("At most 1").waitFor();
    // Shares: a tenth offered to fans.
    await page.getByLabel("Shares to offer fans (0 keeps them all)").fill("100000");
    await page.getByLabel("Price per share (tUSDCx)").fill("0.001");
    await page.getByText("Fans can buy 100,000 shares (10% of the royalties); you keep the rest.").waitFor();
    await screenshot(page, "artist-1-mint-form");

    await page.getByRole("button", { name: "Register and mint the IP-NFT" }).click();
    await page.waitForURL(/\/works\/\d+/, { timeout: 60_000 }).catch(async (error) => {
      // Say where the flow stopped: the step list and any message the page shows.
      const progress = await page.locator(".mint .steps, .mint [role=alert], .mint .tx-status").allTextContents();
      await screenshot(page, "artist-failed-mint");
      throw new Error(`the mint did not reach the work page: ${progress.join(" | ")}`, { cause: error });
    });
    const ipId = BigInt(new URL(page.url()).pathname.split("/").at(-1)!);

    assert.equal(await page.getByTestId("certificate-sha256").textContent(), sha256);
    assert.equal(await page.getByTestId("certificate-cid").textContent(), cid);
    await page.getByRole("heading", { name: "Tide pools" }).waitFor();
    await page.getByRole("img", { name: "Preview of “Tide pools”" }).waitFor();
    await page.getByText("Registered (birth certificate)").waitFor();
    await screenshot(page, "artist-2-work-page");

    // The chain agrees: the certificate is the artist's, with both presets and the custom terms on offer.
    const { publicClient } = stack.clients;
    const registry = stack.deployment.contracts.IPRegistry!;
    assert.equal(await ipIdOfContentHash(publicClient, stack.deployment, sha256 as `0x${string}`), ipId);
    const cert = await publicClient.readContract({
      address: registry,
      abi: iPRegistryAbi,
      functionName: "certificate",
      args: [ipId],
    });
    assert.equal(cert.creator, artist);
    assert.equal(cert.kind, 1, "registered as a style");
    const attached = await attachedTerms(publicClient, stack.deployment, ipId);
    assert.equal(attached.length, 3);
    assert.deepEqual(storedOriginals(stack.dataDir), [cid], "the gateway stored the original under its CID");
    const { shareToken } = await sharesOf(stack, ipId);
    assert.deepEqual(await shareSale(publicClient, shareToken), {
      available: 100_000n,
      pricePerShare: parseUnits("0.001", 18),
    });
    await page.getByTestId("shares-for-sale").getByText("100,000 at 0.001 tUSDCx").waitFor();
    mintedIpId = ipId;
    await page.context().close();
  });

  it("a buyer without enough tUSDCx is told the balance is too low, and nothing is bought", async () => {
    assert.ok(mintedIpId, "the mint test ran first");
    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/works/${mintedIpId}`);
    await connectDevWallet(page, "fan");
    const offer = page.locator(".offer", { hasText: "10 tUSDCx once" });
    await offer.getByRole("button", { name: /Buy license/ }).click();
    await offer
      .getByRole("alert")
      .getByText("Your SuperToken balance is too low for this.")
      .waitFor({ timeout: 30_000 });
    await offer.getByText("0 sold").waitFor();
    await screenshot(page, "artist-3-buyer-balance-too-low");
    await page.context().close();
  });

  it("later, when an AI company streams into the work's pool, the artist sees earnings ticking", async () => {
    assert.ok(mintedIpId, "the mint test ran first");
    const ipId = mintedIpId;
    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/works/${ipId}`);
    await connectDevWallet(page, "artist");
    await fundDemoWallets(stack.deployment);
    const rate = await aiCompanyStreams(stack, ipId);
    await page.getByRole("link", { name: "Creator" }).click();
    await page.waitForURL(/\/creator$/);
    await page.getByTestId(`created-${ipId}`).getByText("Tide pools").waitFor();
    await page.waitForFunction(
      (r) => document.querySelector('[data-testid="creator-rate"]')?.getAttribute("data-flow-rate") === r,
      rate.toString(),
    );
    const first = BigInt((await page.getByTestId("live-balance").getAttribute("data-wei"))!);
    await page.waitForTimeout(500);
    const second = BigInt((await page.getByTestId("live-balance").getAttribute("data-wei"))!);
    assert.ok(second > first, `earnings tick: ${first} -> ${second}`);
    await screenshot(page, "artist-4-earnings-ticking");
    await page.context().close();
  });

  it("a buyer who comes after the license cap is reached is told so in plain words", async () => {
    assert.ok(mintedIpId, "the mint test ran first");
    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/works/${mintedIpId}`);
    await connectDevWallet(page, "fan");
    const capped = page.locator(".offer", { hasText: "42 tUSDCx once" });
    await capped.getByText("0 sold of 1").waitFor();
    await capped.getByRole("button", { name: /Buy license/ }).click();
    await capped.locator('[data-status="confirmed"]', { hasText: "Buy the license" }).waitFor({ timeout: 30_000 });
    await connectAs(page, "aiCompany");
    await capped.getByRole("button", { name: /Buy license/ }).click();
    await capped
      .getByRole("alert")
      .getByText("No licenses left: the license cap for these terms is reached.")
      .waitFor({ timeout: 30_000 });
    await screenshot(page, "artist-5-license-cap-reached");
    await page.context().close();
  });

  it("a licensee whose license allows derivatives registers a derivative that names its parent and the royalty it owes", async () => {
    assert.ok(mintedIpId, "the mint test ran first");
    const fan = stack.deployment.devAccounts!.fan;
    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/mint`);
    await connectDevWallet(page, "fan");
    const png = await artworkPng(777, "Tide pools, remixed");
    await page
      .getByLabel("Choose or drop the file to register")
      .setInputFiles({ name: "remix.png", mimeType: "image/png", buffer: Buffer.from(png) });
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="file-sha256"]')?.textContent?.startsWith("0x"),
    );
    // The fan bought the capped license of "Tide pools", whose terms allow derivatives for 12.5%.
    const parent = page.getByLabel(/A derivative of Tide pools \(license #\d+; owes it 12.5% of its income\)/);
    await parent.check();
    await page.getByLabel("Title").fill("Tide pools, remixed");
    await screenshot(page, "artist-6-derivative-form");
    await page.getByRole("button", { name: "Register and mint the IP-NFT" }).click();
    await page.waitForURL(/\/works\/\d+/, { timeout: 60_000 });
    const ipId = BigInt(new URL(page.url()).pathname.split("/").at(-1)!);
    await page.getByText(/Derived from/).waitFor();
    await page.getByRole("link", { name: `IP #${mintedIpId}` }).waitFor();
    await page.getByText(/owes 12.5% of its income/).waitFor();
    const parents = await stack.clients.publicClient.readContract({
      address: stack.deployment.contracts.IPRegistry!,
      abi: iPRegistryAbi,
      functionName: "parentsOf",
      args: [ipId],
    });
    assert.deepEqual(
      parents.map((p) => [BigInt(p.ipId), Number(p.royaltyBps)]),
      [[mintedIpId, 1250]],
    );
    assert.equal(
      await stack.clients.publicClient.readContract({
        address: stack.deployment.contracts.IPRegistry!,
        abi: iPRegistryAbi,
        functionName: "creatorOf",
        args: [ipId],
      }),
      fan,
    );
    await screenshot(page, "artist-7-derivative-certificate");
    await page.context().close();
  });

  it("the same bytes cannot be registered twice: the form says which IP already has them", async () => {
    const png = await artworkPng(4242, "Tide pools");
    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/mint`);
    await connectDevWallet(page, "fan");
    await page
      .getByLabel("Choose or drop the file to register")
      .setInputFiles({ name: "copy.png", mimeType: "image/png", buffer: Buffer.from(png) });
    await page.getByText(/These exact bytes already have a birth certificate: IP #\d+/).waitFor();
    assert.equal(await page.getByRole("button", { name: "Register and mint the IP-NFT" }).isEnabled(), true);
    await page.getByRole("button", { name: "Register and mint the IP-NFT" }).click();
    await page.getByText(/already registered as IP #\d+: a file has one birth certificate/).waitFor();
    assert.equal(await page.locator("[data-step]").count(), 0, "no step was started");
    await page.context().close();
  });
});
