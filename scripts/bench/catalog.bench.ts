/**
 * `npm run bench catalog`: the catalog as it scales. One production build, then a fresh chain,
 * deployment, the demo seed (12 works), the indexer and `next start`; at each size the bulk seeder adds works, the
 * indexer catches up, and the catalog is requested 50 times over varied pages and queries. Figures: server time
 * p50/p99 (a whole HTML answer over loopback), HTML bytes a page, the indexer's lag after seeding, and at the largest
 * size the time a fresh indexer takes to catch up with the whole chain. Lighthouse (mobile and desktop) for the catalog
 * and a work page at the smallest and the largest size. Goals are printed beside the figures.
 *
 * Settings (environment): CATALOG_BENCH_WORKS, the sizes (default "12,1000,10000"); CATALOG_BENCH_BUILD=0 reuses
 * the existing build of apps/web; CATALOG_BENCH_PORT, the first of four ports (default 10410); LIGHTHOUSE_RUNS, the
 * mobile runs whose median is the score (5).
 *
 * CATALOG_BENCH_DIR=DIR measures a chain that is already up and seeded instead (the 10,000 works take longer to seed
 * than one run should: see catalog-chain.ts): a fresh indexer over it (its catch-up time), then the same catalog
 * requests and Lighthouse, at whatever size that chain has.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { iPRegistryAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import { readDeployment } from "@ipnft/protocol/deployment-file";
import { contractAddress } from "@ipnft/protocol/verbs";
import { createPublicClient, http } from "viem";
import { seedBulk } from "../seed/bulk";
import { seedDemo } from "../seed/index";
import { startIndexer } from "../stack/indexer";
import { buildWeb, deployToNode, startNode, startWeb } from "../stack/local-stack";
import { ProcessGroup } from "../stack/processes";
import { lighthouseScores, metricWords, unwithheldWords } from "./lighthouse";

const FIRST_PORT = Number(process.env.CATALOG_BENCH_PORT ?? 10410);
const PORTS = { chain: FIRST_PORT, web: FIRST_PORT + 1, indexer: FIRST_PORT + 2, freshIndexer: FIRST_PORT + 3 };
const REQUESTS = 50;
const GOALS = { p50AtLargestMs: 150, growthVsPrevious: 1.5, htmlKb: 150, lighthouse: 90 };
const KB = 1024;

const sizes = (process.env.CATALOG_BENCH_WORKS ?? "12,1000,10000").split(",").map((s) => Number(s.trim()));
const build = process.env.CATALOG_BENCH_BUILD !== "0";

/** Catalog addresses a visitor reaches: pages deep into the list, searches, filters, sorts, and combinations. */
function catalogPaths(works: number): string[] {
  const pages = Math.max(1, Math.ceil(works / 24));
  const words = ["harbour", "neon", "lanterns", "sea", "style", "glass", "quiet", "dataset", "night", "city"];
  const paths: string[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const params = new URLSearchParams();
    if (i % 5 === 1) params.set("q", words[i % words.length]);
    if (i % 7 === 2) params.set("kind", ["work", "style", "dataset"][i % 3]);
    if (i % 4 === 3) params.set("use", ["training", "commercial", "derivative"][i % 3]);
    if (i % 3 === 0) params.set("sort", ["newest", "price-asc", "price-desc"][(i / 3) % 3]);
    if (i % 2 === 0) params.set("page", String(1 + ((i * 7919) % pages)));
    const query = params.toString();
    paths.push(query ? `/?${query}` : "/");
  }
  return paths;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function measureCatalog(url: string, works: number) {
  const times: number[] = [];
  const bytes: number[] = [];
  await fetch(`${url}/`).then((r) => r.text()); // the first render warms the server
  for (const p of catalogPaths(works)) {
    const started = performance.now();
    const response = await fetch(url + p);
    const html = await response.text();
    times.push(performance.now() - started);
    if (!response.ok) throw new Error(`${p} answered ${response.status}`);
    bytes.push(Buffer.byteLength(html));
  }
  times.sort((a, b) => a - b);
  bytes.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    htmlMedian: percentile(bytes, 50),
    htmlMax: bytes.at(-1)!,
  };
}

/** Waits until the indexer's latest block reaches `head`; returns the seconds it took. */
async function caughtUp(indexerUrl: string, deployment: Deployment, head: bigint): Promise<number> {
  const started = performance.now();
  for (;;) {
    const status = (await fetch(`${indexerUrl}/status`)
      .then((r) => (r.ok ? r.json() : {}))
      .catch(() => ({}))) as Record<string, { id: number; block: { number: number } }>;
    const chain = Object.values(status).find((c) => c.id === deployment.chainId);
    if (chain && BigInt(chain.block.number) >= head) return (performance.now() - started) / 1000;
    if (performance.now() - started > 1_800_000) throw new Error("the indexer did not catch up within 30 minutes");
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function run(): Promise<void> {
  if (build) buildWeb();
  if (process.env.CATALOG_BENCH_DIR) return runOnSeededChain(path.resolve(process.env.CATALOG_BENCH_DIR));
  const group = new ProcessGroup();
  const workDir = mkdtempSync(path.join(tmpdir(), "ipnft-bench-catalog-"));
  const deploymentsDir = path.join(workDir, "deployments");
  const dataDir = path.join(workDir, "data");
  mkdirSync(dataDir, { recursive: true });
  const rows: Record<string, string | number>[] = [];
  let seedRate = "";
  let freshCatchUp = "";
  const lighthouse: Array<Record<string, string | number>> = [];
  try {
    const { rpcUrl } = await startNode(group, PORTS.chain);
    const { deployment } = await deployToNode(rpcUrl, deploymentsDir);
    await seedDemo(deployment, { dataDir });
    const client = createPublicClient({ transport: http(rpcUrl) });
    const indexer = await startIndexer(group, {
      port: PORTS.indexer,
      deploymentsDir,
      dataDir,
      stateDir: path.join(workDir, "pglite"),
    });
    const { url } = await startWeb(group, {
      port: PORTS.web,
      mode: "start",
      env: {
        DEPLOYMENTS_DIR: deploymentsDir,
        DATA_DIR: dataDir,
        INDEXER_URL: indexer.url,
        GATEWAY_PUBLIC_ORIGIN: `http://127.0.0.1:${PORTS.web}`,
      },
      quiet: true,
    });

    let works = 12;
    let previousP50: number | undefined;
    for (const size of sizes) {
      if (size > works) {
        const report = await seedBulk(deployment, { works: size - works, dataDir });
        works += report.works;
        seedRate = `${report.works} works in ${report.seconds.toFixed(0)} s: ${report.worksPerSecond.toFixed(1)} works/s`;
        console.log(`Bulk seeding: ${seedRate}`);
      }
      const lag = await caughtUp(indexer.url, deployment, await client.getBlockNumber());
      const m = await measureCatalog(url, works);
      const growth = previousP50 ? m.p50 / previousP50 : undefined;
      previousP50 = m.p50;
      rows.push({
        works,
        "p50 ms": Math.round(m.p50),
        "p99 ms": Math.round(m.p99),
        "x previous p50": growth ? growth.toFixed(2) : "",
        "HTML KB (median / max)": `${(m.htmlMedian / KB).toFixed(1)} / ${(m.htmlMax / KB).toFixed(1)}`,
        "indexer lag after seeding s": lag.toFixed(1),
        goals: `p50 <= ${GOALS.p50AtLargestMs} ms at the largest; <= ${GOALS.growthVsPrevious}x; <= ${GOALS.htmlKb} KB`,
        met: [
          size === sizes.at(-1) ? m.p50 <= GOALS.p50AtLargestMs : true,
          growth === undefined || growth <= GOALS.growthVsPrevious,
          m.htmlMax / KB <= GOALS.htmlKb,
        ].every(Boolean)
          ? "yes"
          : "NO",
      });
      // Each figure is printed as soon as it is measured: a long run cut short still leaves what it found.
      console.table([rows.at(-1)]);
      // At the smallest and the largest size: the pages a visitor meets should not get heavier as the registry grows.
      if (size === sizes[0] || size === sizes.at(-1)) {
        const scores = await lighthouseRows(url, works);
        lighthouse.push(...scores);
        console.table(scores);
      }
    }

    // A second indexer, from nothing, over the whole chain: how long a new deployment of it takes to catch up.
    const head = await client.getBlockNumber();
    const started = performance.now();
    const fresh = await startIndexer(group, {
      port: PORTS.freshIndexer,
      deploymentsDir,
      dataDir,
      stateDir: path.join(workDir, "pglite-fresh"),
      readyTimeoutMs: 1_800_000,
    });
    await caughtUp(fresh.url, deployment, head);
    freshCatchUp = `${((performance.now() - started) / 1000).toFixed(1)} s for ${works} works (${head} blocks)`;
    console.log(`A fresh indexer catching up with the whole chain: ${freshCatchUp}`);
  } finally {
    await group.stopAll();
    rmSync(workDir, { recursive: true, force: true });
  }
  console.log("\nSummary");
  console.log(`Bulk seeding (last size): ${seedRate || "none"}`);
  console.log(`A fresh indexer over the whole chain: ${freshCatchUp || "not reached"} (goal: a few minutes at 10,000)`);
  console.table(rows);
  console.table(lighthouse);
}

/** Lighthouse (mobile and desktop) on the catalog and a work page, with the goal beside each score. */
async function lighthouseRows(url: string, works: number) {
  const pages = { catalog: `${url}/`, "work page": `${url}/works/2` };
  const scores = await lighthouseScores(Object.values(pages));
  for (const [page, pageUrl] of Object.entries(pages)) {
    console.log(`Lighthouse mobile runs, ${page} at ${works} works:`);
    scores[pageUrl].mobileMetrics.forEach((m, i) => {
      console.log(`  ${scores[pageUrl].mobileRuns[i]}: ${metricWords(m)}`);
    });
  }
  return Object.entries(pages).map(([page, pageUrl]) => ({
    page,
    works,
    "Lighthouse mobile (median)": scores[pageUrl].mobile,
    "mobile runs": scores[pageUrl].mobileRuns.join(" "),
    "median of runs painted on time": unwithheldWords(scores[pageUrl]),
    "Lighthouse desktop": scores[pageUrl].desktop,
    goal: `>= ${GOALS.lighthouse} mobile ${scores[pageUrl].mobile >= GOALS.lighthouse ? "(met)" : "(NOT met)"}`,
  }));
}

/** CATALOG_BENCH_DIR: a fresh indexer's catch-up over a chain seeded beforehand, then the catalog and Lighthouse. */
async function runOnSeededChain(dir: string): Promise<void> {
  const group = new ProcessGroup();
  const workDir = mkdtempSync(path.join(tmpdir(), "ipnft-bench-catalog-"));
  const deploymentsDir = path.join(dir, "deployments");
  const dataDir = path.join(dir, "data");
  try {
    const deployment = readDeployment(31337, deploymentsDir);
    const client = createPublicClient({ transport: http(deployment.rpcUrl) });
    const registry = contractAddress(deployment, "IPRegistry");
    const works = Number(await client.readContract({ address: registry, abi: iPRegistryAbi, functionName: "ipCount" }));
    const head = await client.getBlockNumber();
    console.log(`A chain of ${works} works and ${head} blocks at ${deployment.rpcUrl}: a fresh indexer over it…`);
    const started = performance.now();
    const indexer = await startIndexer(group, {
      port: PORTS.indexer,
      deploymentsDir,
      dataDir,
      stateDir: path.join(workDir, "pglite"),
      readyTimeoutMs: 3_600_000,
    });
    await caughtUp(indexer.url, deployment, head);
    const catchUp = (performance.now() - started) / 1000;
    console.log(`A fresh indexer caught up with ${works} works (${head} blocks) in ${catchUp.toFixed(1)} s`);
    const { url } = await startWeb(group, {
      port: PORTS.web,
      mode: "start",
      env: {
        DEPLOYMENTS_DIR: deploymentsDir,
        DATA_DIR: dataDir,
        INDEXER_URL: indexer.url,
        GATEWAY_PUBLIC_ORIGIN: `http://127.0.0.1:${PORTS.web}`,
      },
      quiet: true,
    });
    const m = await measureCatalog(url, works);
    const row = {
      works,
      "p50 ms": Math.round(m.p50),
      "p99 ms": Math.round(m.p99),
      "HTML KB (median / max)": `${(m.htmlMedian / KB).toFixed(1)} / ${(m.htmlMax / KB).toFixed(1)}`,
      "fresh indexer catch-up s": catchUp.toFixed(1),
      goals: `p50 <= ${GOALS.p50AtLargestMs} ms; <= ${GOALS.htmlKb} KB; catch-up in a few minutes`,
      met: m.p50 <= GOALS.p50AtLargestMs && m.htmlMax / KB <= GOALS.htmlKb ? "yes" : "NO",
    };
    console.table([row]);
    console.table(await lighthouseRows(url, works));
  } finally {
    await group.stopAll();
    rmSync(workDir, { recursive: true, force: true });
  }
}
