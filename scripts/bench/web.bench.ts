/**
 * The web app as a visitor meets it: the production build, the compressed JavaScript each route loads
 * before it can run (every <script src> in the server's HTML, gzipped as a server would send it), and
 * Lighthouse's performance score for the catalog and a work page in headless Chromium, on the demo
 * market that `npm run dev` seeds. Targets: catalog first-load JS <= 250 KB gzip; Lighthouse >= 90.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { seedDemo } from "../seed/index.js";
import { buildWeb, deployToNode, startNode, startWeb } from "../stack/local-stack.js";
import { ProcessGroup } from "../stack/processes.js";

const KB = 1024;
const CATALOG_TARGET_KB = 250;
const LIGHTHOUSE_TARGET = 90;
const chromiumFlags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The scripts a route's HTML loads, fetched and gzipped: what a first visit downloads before the page is live. */
async function firstLoadJs(origin: string, route: string, cache: Map<string, { raw: number; gzip: number }>) {
  const html = await (await fetch(origin + route)).text();
  const sources = [...new Set([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&")))];
  let raw = 0;
  let gzip = 0;
  for (const src of sources) {
    const url = new URL(src, origin).href;
    if (!cache.has(url)) {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      cache.set(url, { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
    }
    raw += cache.get(url)!.raw;
    gzip += cache.get(url)!.gzip;
  }
  return { scripts: sources.length, raw, gzip };
}

async function lighthouseScores(urls: string[]): Promise<Record<string, { mobile: number; desktop: number }>> {
  const { default: lighthouse } = await import("lighthouse");
  const chromeLauncher = await import("chrome-launcher");
  const userDataDir = mkdtempSync(path.join(tmpdir(), "lh-profile-"));
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", chromeFlags: chromiumFlags, userDataDir });
  const scores: Record<string, { mobile: number; desktop: number }> = {};
  try {
    for (const url of urls) {
      const run = async (formFactor: "mobile" | "desktop") => {
        const desktop = formFactor === "desktop";
        const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"] }, desktop
          ? { extends: "lighthouse:default", settings: { formFactor: "desktop", screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false }, throttling: { rttMs: 40, throughputKbps: 10240, cpuSlowdownMultiplier: 1, requestLatencyMs: 0, downloadThroughputKbps: 0, uploadThroughputKbps: 0 } } }
          : undefined);
        return Math.round((result?.lhr.categories.performance.score ?? 0) * 100);
      };
      scores[url] = { mobile: await run("mobile"), desktop: await run("desktop") };
    }
  } finally {
    await chrome.kill();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  return scores;
}

export async function run(): Promise<void> {
  const built = performance.now();
  buildWeb();
  const buildSeconds = (performance.now() - built) / 1000;

  const group = new ProcessGroup();
  const workDir = mkdtempSync(path.join(tmpdir(), "ipnft-bench-web-"));
  try {
    const { rpcUrl } = await startNode(group, await freePort());
    const { deployment } = await deployToNode(rpcUrl, path.join(workDir, "deployments"));
    const dataDir = path.join(workDir, "data");
    mkdirSync(dataDir, { recursive: true });
    await seedDemo(deployment, { dataDir });
    const port = await freePort();
    const { url } = await startWeb(group, {
      port,
      mode: "start",
      env: { DEPLOYMENTS_DIR: path.join(workDir, "deployments"), DATA_DIR: dataDir, GATEWAY_PUBLIC_ORIGIN: `http://127.0.0.1:${port}` },
      quiet: true,
    });

    const routes = ["/", "/works/2", "/mint", "/verify", "/portfolio", "/licenses", "/creator", "/wallet"];
    const cache = new Map<string, { raw: number; gzip: number }>();
    const rows = [];
    for (const route of routes) {
      await fetch(url + route); // the first render warms the server's caches; the figures are of the bytes, not the time
      const js = await firstLoadJs(url, route, cache);
      rows.push({
        route,
        scripts: js.scripts,
        "first-load JS (raw)": `${(js.raw / KB).toFixed(1)} KB`,
        "first-load JS (gzip)": `${(js.gzip / KB).toFixed(1)} KB`,
        target: route === "/" ? `<= ${CATALOG_TARGET_KB} KB ${js.gzip / KB <= CATALOG_TARGET_KB ? "(met)" : "(NOT met)"}` : "",
      });
    }
    console.log(`Production build (next build --webpack): ${buildSeconds.toFixed(0)} s`);
    console.table(rows);

    const pages = { catalog: `${url}/`, "work page": `${url}/works/2` };
    const scores = await lighthouseScores(Object.values(pages));
    console.table(
      Object.entries(pages).map(([name, pageUrl]) => ({
        page: name,
        "Lighthouse performance (mobile, default throttling)": scores[pageUrl].mobile,
        "Lighthouse performance (desktop)": scores[pageUrl].desktop,
        target: `>= ${LIGHTHOUSE_TARGET} ${scores[pageUrl].mobile >= LIGHTHOUSE_TARGET ? "(met on mobile)" : scores[pageUrl].desktop >= LIGHTHOUSE_TARGET ? "(met on desktop only)" : "(NOT met)"}`,
      })),
    );
  } finally {
    await group.stopAll();
    rmSync(workDir, { recursive: true, force: true });
  }
}
