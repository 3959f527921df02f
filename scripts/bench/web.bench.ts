/**
 * The web app as a visitor meets it: the production build, the compressed JavaScript each route loads
 * first (what Chromium downloads before the load event, gzipped as a server would send it), and
 * Lighthouse's performance score for the catalog and a work page in headless Chromium, on the demo
 * market that `npm run dev` seeds. Targets: catalog first-load JS <= 250 KB gzip; Lighthouse >= 90.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { type Browser, chromium } from "playwright-core";
import { seedDemo } from "../seed/index";
import { chromiumFlags, chromiumPath } from "../stack/chromium";
import { buildWeb, deployToNode, startNode, startWeb } from "../stack/local-stack";
import { freePort, ProcessGroup } from "../stack/processes";
import { lighthouseScores, unwithheldWords } from "./lighthouse";

const KB = 1024;
const CATALOG_TARGET_KB = 250;
const LIGHTHOUSE_TARGET = 90;

/**
 * First-load JS as Next defines it: every script the route's HTML names, as a <script src> or as a chunk
 * of its client components in the streamed RSC payload, which the browser must run before the page is
 * interactive. `nomodule` polyfills are left out (a modern browser skips them), as are chunks a page
 * imports later on demand (the wallet modal). Each script is gzipped as a server would send it.
 */
async function firstLoadJs(origin: string, route: string) {
  const html = await (await fetch(origin + route)).text();
  const noModule = new Set(
    [...html.matchAll(/<script[^>]*\snoModule[^>]*\ssrc="([^"]+)"|<script[^>]*\ssrc="([^"]+)"[^>]*\snoModule/gi)].map(
      (m) => m[1] ?? m[2],
    ),
  );
  const named = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g))
    if (!noModule.has(m[1])) named.add(new URL(m[1].replace(/&amp;/g, "&"), origin).pathname);
  for (const m of html.matchAll(/\/?_next\/static\/chunks\/[A-Za-z0-9_\-./[\]%]+?\.js/g)) {
    const pathname = `/${m[0].replace(/^\//, "")}`;
    if (![...noModule].some((n) => n.endsWith(pathname))) named.add(pathname);
  }
  for (const m of html.matchAll(/"(static\/chunks\/[^"\\]+?\.js)/g)) named.add(`/_next/${m[1]}`);
  for (const pathname of named) if ([...noModule].some((n) => n.endsWith(pathname))) named.delete(pathname);
  let raw = 0;
  let gzip = 0;
  for (const pathname of named) {
    const response = await fetch(origin + pathname);
    if (!response.ok) continue;
    const bytes = new Uint8Array(await response.arrayBuffer());
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { scripts: named.size, raw, gzip };
}

/** For comparison: every script Chromium downloads before the load event on a first visit (wallet modal included when it starts early). */
async function scriptsBeforeLoad(browser: Browser, url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts = new Map<string, Promise<Buffer | null>>();
  page.on("response", (response) => {
    if (response.request().resourceType() === "script")
      scripts.set(
        response.url(),
        response.body().catch(() => null),
      );
  });
  await page.goto(url, { waitUntil: "load" });
  const bodies = (await Promise.all(scripts.values())).filter((b): b is Buffer => b !== null);
  await context.close();
  return bodies.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0);
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
      env: {
        DEPLOYMENTS_DIR: path.join(workDir, "deployments"),
        DATA_DIR: dataDir,
        GATEWAY_PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
      },
      quiet: true,
    });

    const routes = ["/", "/works/2", "/mint", "/verify", "/portfolio", "/licenses", "/creator", "/wallet"];
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: chromiumFlags,
    });
    const rows = [];
    for (const route of routes) {
      await fetch(url + route); // the first render warms the server's caches; the figures are of the bytes, not the time
      const js = await firstLoadJs(url, route);
      const beforeLoad = await scriptsBeforeLoad(browser, url + route);
      rows.push({
        route,
        scripts: js.scripts,
        "first-load JS (raw)": `${(js.raw / KB).toFixed(1)} KB`,
        "first-load JS (gzip)": `${(js.gzip / KB).toFixed(1)} KB`,
        "all JS before load event (gzip)": `${(beforeLoad / KB).toFixed(1)} KB`,
        target:
          route === "/"
            ? `<= ${CATALOG_TARGET_KB} KB ${js.gzip / KB <= CATALOG_TARGET_KB ? "(met)" : "(NOT met)"}`
            : "",
      });
    }
    await browser.close();
    console.log(`Production build (next build --webpack): ${buildSeconds.toFixed(0)} s`);
    console.table(rows);

    const pages = { catalog: `${url}/`, "work page": `${url}/works/2` };
    const scores = await lighthouseScores(Object.values(pages));
    console.table(
      Object.entries(pages).map(([name, pageUrl]) => ({
        page: name,
        "Lighthouse performance (mobile, default throttling)": scores[pageUrl].mobile,
        "median of runs painted on time": unwithheldWords(scores[pageUrl]),
        "Lighthouse performance (desktop)": scores[pageUrl].desktop,
        target: `>= ${LIGHTHOUSE_TARGET} ${scores[pageUrl].mobile >= LIGHTHOUSE_TARGET ? "(met on mobile)" : scores[pageUrl].desktop >= LIGHTHOUSE_TARGET ? "(met on desktop only)" : "(NOT met)"}`,
      })),
    );
  } finally {
    await group.stopAll();
    rmSync(workDir, { recursive: true, force: true });
  }
}
