/**
 * The production rehearsal's stack: a node under chain id 84532 where Superfluid and the currency exist before us,
 * our deploy in production mode, the production build of the web app served with only that chain's deployment file
 * and the gateway settling with its own key, and Chromium whose pages hold an injected wallet signing with a key.
 * No dev wallet, no faucet, no unlocked account.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Deployment } from "@ipnft/protocol/deployment";
import type { Browser, Page } from "playwright-core";
import type { PrivateKeyAccount } from "viem";
import { deployProduction } from "../../../scripts/deploy/production";
import type { Clients } from "../../../scripts/deploy/superfluid";
import { startIndexer } from "../../../scripts/stack/indexer";
import { startNode } from "../../../scripts/stack/local-stack";
import { freePort, ProcessGroup } from "../../../scripts/stack/processes";
import { freeIndexerPort, launchBrowser, pageMaker, startServedWeb } from "../../e2e/support/stack";
import {
  clientsFor,
  deployCanonicalSuperfluid,
  fundGas,
  newParties,
  type Parties,
  REHEARSAL_CHAIN_ID,
  rehearsalChain,
} from "./chain";
import { fundByTransfers, issueCurrency } from "./currency";
import { installWallet, KeyWallet } from "./injected-wallet";

/** Prints a step of the rehearsal, so its output reads as what happened. */
export const log = (line: string) => console.log(`[rehearsal] ${line}`);

export interface RehearsalStack {
  deployment: Deployment;
  webUrl: string;
  rpcUrl: string;
  browser: Browser;
  /** Chain clients that send as the deployer (reads mostly); use `clientsFor` to act as someone else. */
  clients: Clients;
  dataDir: string;
  parties: Parties;
  /** The deploy's output, as printed. */
  deployOutput: string;
  /** A page whose `window.ethereum` is `party`'s key (on `startOn`, the rehearsal chain unless given). */
  walletPage: (party: PrivateKeyAccount, options?: { startOn?: number }) => Promise<{ page: Page; wallet: KeyWallet }>;
  stop: () => Promise<void>;
}

const port = async (name: string) => Number(process.env[name]) || (await freePort());

export async function startRehearsal(): Promise<RehearsalStack> {
  const group = new ProcessGroup();
  const workDir = mkdtempSync(path.join(tmpdir(), "ipnft-rehearsal-"));
  const deploymentsDir = path.join(workDir, "deployments");
  const dataDir = path.join(workDir, "data");
  const superfluidFile = path.join(workDir, "superfluid-base-sepolia.json");
  mkdirSync(dataDir, { recursive: true });
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await group.stopAll();
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const { rpcUrl } = await startNode(group, await port("REHEARSAL_CHAIN_PORT"), { chainId: REHEARSAL_CHAIN_ID });
    log(`node up at ${rpcUrl}, chain id ${REHEARSAL_CHAIN_ID}`);
    const parties = newParties();
    for (const [name, account] of Object.entries(parties)) log(`party ${name.padEnd(10)} ${account.address}`);
    await fundGas(rpcUrl, parties);

    let t0 = Date.now();
    const superfluid = await deployCanonicalSuperfluid(rpcUrl, parties, superfluidFile);
    log(`step 1, Superfluid (canonical stand-in) by its own key: host ${superfluid.host}, gda ${superfluid.gda}`);
    log(`  wrote ${superfluidFile} (metadata-shaped contractsV1) in ${Date.now() - t0} ms`);
    t0 = Date.now();
    const token = await issueCurrency(rpcUrl, parties, superfluid);
    log(`step 2, currency by the issuer's key: stablecoin ${token.underlying}, SuperToken ${token.superToken}`);

    t0 = Date.now();
    const deployLines: string[] = [];
    const { deployment, status } = await deployProduction({
      rpcUrl,
      key: parties.deployer.key,
      chainId: REHEARSAL_CHAIN_ID,
      superfluidFile,
      currency: { superToken: token.superToken, underlying: token.underlying },
      disputes: { arbiter: parties.fan.address },
      deploymentsDir,
      publicRpcUrl: rpcUrl,
      networkName: "rehearsal",
      log: (line) => deployLines.push(line),
    });
    log(`step 3, deployProduction (npm run deploy's production mode), ${status} in ${Date.now() - t0} ms:`);
    for (const line of deployLines) log(`  ${line}`);
    const output = deployLines.join("\n");

    const users = [parties.artist, parties.aiCompany, parties.fan].map((a) => a.address);
    await fundByTransfers(rpcUrl, parties, token, users, "1000");
    log("step 4, the issuer transferred 1,000 tUSDCx and 1,000 tUSDC to each of the artist, the AI company, the fan");

    // The dashboards read the indexer, so the rehearsal runs one too, on the production deployment file.
    const indexerPort = await freeIndexerPort();
    const indexer = startIndexer(group, {
      port: indexerPort,
      chainId: REHEARSAL_CHAIN_ID,
      deploymentsDir,
      dataDir,
      stateDir: path.join(workDir, "indexer"),
    });
    // Awaited below; this only keeps a start that fails while the web app starts from going unhandled.
    indexer.catch(() => undefined);
    const web = await startServedWeb(
      group,
      {
        INDEXER_URL: `http://127.0.0.1:${indexerPort}`,
        CHAIN_ID: String(REHEARSAL_CHAIN_ID),
        DEPLOYMENTS_DIR: deploymentsDir,
        DATA_DIR: dataDir,
        GATEWAY_PRIVATE_KEY: parties.gateway.key,
        GATEWAY_SETTLE_EVERY_MS: "2000",
        [`NEXT_PUBLIC_RPC_URL_${REHEARSAL_CHAIN_ID}`]: rpcUrl,
      },
      await port("REHEARSAL_WEB_PORT"),
    );
    log(`step 5, web app (next start) and gateway at ${web.webUrl}, deployments dir holding only 84532.json`);
    log(`step 6, the indexer at ${(await indexer).url}`);
    browser = await launchBrowser();
    const newPage = pageMaker(browser);
    const walletPage = async (party: PrivateKeyAccount, options: { startOn?: number } = {}) => {
      const wallet = new KeyWallet(party, rehearsalChain(rpcUrl), rpcUrl, options);
      const page = await newPage({ prepare: (context) => installWallet(context, wallet) });
      return { page, wallet };
    };
    return {
      deployment,
      webUrl: web.webUrl,
      rpcUrl,
      browser,
      clients: clientsFor(rpcUrl, parties.deployer),
      dataDir,
      parties,
      deployOutput: output,
      walletPage,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Connects the page's injected wallet through RainbowKit's modal, where it is listed by its EIP-6963 name. */
export async function connectInjectedWallet(page: Page, name: string) {
  await page.getByRole("button", { name: "Connect Wallet" }).first().click();
  await page.getByRole("button", { name: new RegExp(name) }).click();
  await page
    .getByRole("dialog")
    .waitFor({ state: "detached" })
    .catch(() => undefined);
}
