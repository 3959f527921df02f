import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { parseUnits } from "viem";
import { fundDemoWallets } from "../../scripts/seed/wallets";
import { freePort } from "../../scripts/stack/processes";
import { workWithSharesOnSale } from "./support/market";
import { connectDevWallet, type E2EStack, startStack } from "./support/stack";

/**
 * Security headers in a real browser: the app's pages cannot be framed by another site, and every page loads,
 * hydrates and connects a wallet under its Content Security Policy without a single violation.
 */
describe("security headers in Chromium", () => {
  let stack: E2EStack;
  let ipId: bigint;
  let otherSite: Server;
  let otherOrigin: string;
  before(async () => {
    stack = await startStack();
    await fundDemoWallets(stack.deployment);
    ({ ipId } = await workWithSharesOnSale(stack, "Under policy", 1_000n, parseUnits("0.0001", 18)));
    // Another origin (another port) whose page frames whatever ?src= names.
    const port = await freePort();
    otherOrigin = `http://127.0.0.1:${port}`;
    otherSite = createServer((request, response) => {
      const src = new URL(request.url ?? "/", otherOrigin).searchParams.get("src") ?? "";
      response.writeHead(200, { "content-type": "text/html" });
      response.end(`<!doctype html><iframe id="victim" src="${src.replace(/"/g, "&quot;")}"></iframe>`);
    });
    await new Promise<void>((resolve) => otherSite.listen(port, "127.0.0.1", resolve));
  });
  after(async () => {
    otherSite?.close();
    await stack?.stop();
  });

  /** Loads another site framing `url`; whether the framed document is the app's page. */
  async function framedByAnotherSite(url: string) {
    const page = await stack.newPage();
    const refusals: string[] = [];
    page.on("console", (message) => {
      if (/Refused to (display|frame)/.test(message.text())) refusals.push(message.text());
    });
    await page.goto(`${otherOrigin}/?src=${encodeURIComponent(url)}`);
    await page.locator("#victim").waitFor();
    // Give the frame its time to load (or to be blocked).
    await page.waitForTimeout(3_000);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const frameUrl = frame?.url() ?? "";
    const rendered = await frame?.evaluate(() => document.body?.textContent ?? "").catch(() => "");
    await page.context().close();
    return { frameUrl, rendered: rendered ?? "", refusals };
  }

  for (const [name, pathOf] of [
    ["the wallet page", () => "/wallet"],
    ["a work's buy page", () => `/works/${ipId}`],
  ] as const) {
    it(`${name} cannot be framed by another site`, async () => {
      const url = `${stack.webUrl}${pathOf()}`;
      const { frameUrl, rendered, refusals } = await framedByAnotherSite(url);
      assert.notEqual(frameUrl, url, "the framed document is not the app's page");
      assert.doesNotMatch(rendered, /Connect Wallet|IP-NFT/, "nothing of the app rendered inside the frame");
      assert.ok(refusals.length > 0 || frameUrl.startsWith("chrome-error:"), `the browser blocked the frame`);
    });
  }

  /** Opens a page collecting every CSP violation the browser reports while it loads and hydrates. */
  async function openWatched(path: string): Promise<{ page: Page; violations: string[] }> {
    const page = await stack.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (load|execute|connect|apply)/i.test(message.text()))
        violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    const response = await page.goto(`${stack.webUrl}${path}`);
    const policy = response?.headers()["content-security-policy"] ?? "";
    assert.match(policy, /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/, `${path} has a nonce-based CSP`);
    assert.match(policy, /frame-ancestors 'none'/);
    assert.equal(response?.headers()["x-frame-options"], "DENY");
    assert.equal(response?.headers()["x-content-type-options"], "nosniff");
    assert.ok(response?.headers()["referrer-policy"], `${path} has a Referrer-Policy`);
    return { page, violations };
  }

  it("every page loads and hydrates under its CSP with no violation, and the wallet still connects", async () => {
    for (const path of ["/", "/wallet", `/works/${ipId}`, "/mint", "/licenses", "/portfolio", "/verify"]) {
      const { page, violations } = await openWatched(path);
      // Hydrated: the client-rendered wallet button answers a click.
      await page.getByRole("button", { name: "Connect Wallet" }).first().waitFor();
      await page.waitForLoadState("networkidle");
      assert.deepEqual(violations, [], `no CSP violation on ${path}`);
      await page.context().close();
    }
    const { page, violations } = await openWatched("/wallet");
    await connectDevWallet(page, "fan");
    const fan = stack.deployment.devAccounts!.fan;
    await page.getByText(fan.slice(0, 4), { exact: false }).first().waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="supertoken-balance"]')?.textContent !== "…");
    assert.deepEqual(violations, [], "no CSP violation while connecting the wallet and reading the chain");
    await page.context().close();
  });

  it("the gateway's answers carry the security headers too", async () => {
    for (const path of ["/api/auth/nonce", "/api/license.rsl", "/robots.txt", "/api/no-such-route"]) {
      const response = await fetch(`${stack.webUrl}${path}`);
      assert.equal(response.headers.get("x-frame-options"), "DENY", path);
      assert.equal(response.headers.get("x-content-type-options"), "nosniff", path);
      assert.match(response.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/, path);
      assert.ok(response.headers.get("referrer-policy"), path);
    }
  });
});
