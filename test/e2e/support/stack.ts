/**
 * What every browser journey stands on: a real Hardhat node with Superfluid and our contracts
 * deployed (into a temporary deployments dir, so `npm run dev`'s file is never touched), the
 * production build of the web app served by `next start`, and Debian's Chromium.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { devSettlementKey } from "@ipnft/gateway/dev-settler";
import type { Deployment } from "@ipnft/protocol/deployment";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { seedDemo } from "../../../scripts/seed/index";
import { chromiumFlags, chromiumPath } from "../../../scripts/stack/chromium";
import { devContentCredentialsEnv } from "../../../scripts/stack/content-credentials";
import { startIndexer } from "../../../scripts/stack/indexer";
import { deployToNode, nodeClients, repoRoot, startNode, startWeb } from "../../../scripts/stack/local-stack";
import { freePort, ProcessGroup, portIsFree } from "../../../scripts/stack/processes";

export const screenshotsDir = path.join(repoRoot, "test-results/e2e");

/** A free port below Linux's ephemeral range (Ponder moves off a port in that range without a word). */
export async function freeIndexerPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await portIsFree(port)) return port;
  }
}

export interface E2EStack {
  deployment: Deployment;
  webUrl: string;
  /** The Ponder indexer of this stack's chain (the app reads it at INDEXER_URL). */
  indexerUrl: string;
  browser: Browser;
  clients: Awaited<ReturnType<typeof nodeClients>>["clients"];
  dataDir: string;
  /** A fresh browser context (its own storage): desktop-sized unless a viewport is given, e.g. a phone's 390x844. */
  newPage: (options?: { viewport?: { width: number; height: number } }) => Promise<Page>;
  /** Stops only the chain, to see how the app behaves when the node goes away. */
  stopChain: () => Promise<void>;
  /** Stops only the indexer, to see the pages say so and still render what the chain gives. */
  stopIndexer: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Starts chain, deployment, web app and browser. The app must have been built (`npm run test:e2e` builds it).
 * `demo: true` seeds what `npm run dev` seeds (artists, works with images in this stack's data dir, fans, streams).
 */
export async function startStack(options: { demo?: boolean } = {}): Promise<E2EStack> {
  const group = new ProcessGroup();
  const chainGroup = new ProcessGroup();
  const indexerGroup = new ProcessGroup();
  const workDir = mkdtempSync(path.join(tmpdir(), "ipnft-e2e-"));
  const deploymentsDir = path.join(workDir, "deployments");
  const dataDir = path.join(workDir, "data");
  mkdirSync(dataDir, { recursive: true });
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await group.stopAll();
    await indexerGroup.stopAll();
    await chainGroup.stopAll();
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const { rpcUrl } = await startNode(chainGroup, await freePort());
    const { deployment } = await deployToNode(rpcUrl, deploymentsDir);
    if (options.demo) await seedDemo(deployment, { dataDir });
    const indexerPort = await freeIndexerPort();
    const [{ url: indexerUrl }, { webUrl }] = await Promise.all([
      startIndexer(indexerGroup, {
        port: indexerPort,
        deploymentsDir,
        dataDir,
        stateDir: path.join(workDir, "indexer"),
      }),
      startServedWeb(group, {
        DEPLOYMENTS_DIR: deploymentsDir,
        DATA_DIR: dataDir,
        INDEXER_URL: `http://127.0.0.1:${indexerPort}`,
        GATEWAY_PRIVATE_KEY: devSettlementKey(),
        ...(await devContentCredentialsEnv(dataDir)),
      }),
    ]);
    browser = await launchBrowser();
    const { clients } = await nodeClients(rpcUrl);
    const newPage = pageMaker(browser);
    return {
      deployment,
      webUrl,
      indexerUrl,
      browser,
      clients,
      dataDir,
      newPage,
      stopChain: () => chainGroup.stopAll(),
      stopIndexer: () => indexerGroup.stopAll(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Serves the production build (`next start`) on `port` (a free one by default) with `env` (the deployment and data dirs, and whatever
 * else the stack sets), answering as the origin the browser uses.
 */
export async function startServedWeb(
  group: ProcessGroup,
  env: NodeJS.ProcessEnv,
  port?: number,
): Promise<{ webUrl: string }> {
  port ??= await freePort();
  const { url } = await startWeb(group, {
    port,
    mode: "start",
    // Sign-In with Ethereum binds a session to the host the browser uses; Next reports 127.0.0.1 as localhost.
    env: { GATEWAY_PUBLIC_ORIGIN: `http://127.0.0.1:${port}`, ...env },
    quiet: true,
  });
  return { webUrl: url };
}

/** Debian's Chromium (or $CHROMIUM_PATH), headless and quiet. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumFlags,
  });
  mkdirSync(screenshotsDir, { recursive: true });
  return browser;
}

/** Opens pages, each in a fresh browser context (its own storage), prepared by `prepare` before the first load. */
export function pageMaker(browser: Browser) {
  return async (
    options: {
      viewport?: { width: number; height: number };
      prepare?: (context: BrowserContext) => Promise<void>;
    } = {},
  ): Promise<Page> => {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
    await options.prepare?.(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  };
}

/** Connects the local dev wallet through RainbowKit's modal, acting as `role`. */
export async function connectDevWallet(page: Page, role: "artist" | "aiCompany" | "fan" = "artist") {
  await page.evaluate((r) => window.localStorage.setItem("devWallet.role", r), role);
  await page.getByRole("button", { name: "Connect Wallet" }).first().click();
  await page.getByRole("button", { name: /Local dev wallet/ }).click();
  await page
    .getByRole("dialog")
    .waitFor({ state: "detached" })
    .catch(() => undefined);
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: true });
}
