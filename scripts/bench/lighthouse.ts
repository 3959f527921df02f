/**
 * Lighthouse's performance score in headless Chromium (Debian's, or CHROMIUM_PATH), mobile with its default
 * throttling and desktop, for the benches that judge pages as a visitor meets them. One run is noisy (on this 2-core
 * machine the same page scored 70, 79 and 90 in a row), so mobile, the judged figure, is the median of
 * LIGHTHOUSE_RUNS runs (5 unless told), as Lighthouse's own guidance on variability advises; its spread is kept.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const chromiumFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 5));

export interface LighthouseScore {
  /** The median of the mobile runs. */
  mobile: number;
  /** Every mobile run's score, in order. */
  mobileRuns: number[];
  desktop: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
};

export async function lighthouseScores(urls: string[]): Promise<Record<string, LighthouseScore>> {
  const { default: lighthouse } = await import("lighthouse");
  const chromeLauncher = await import("chrome-launcher");
  const userDataDir = mkdtempSync(path.join(tmpdir(), "lh-profile-"));
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    chromeFlags: chromiumFlags,
    userDataDir,
  });
  const scores: Record<string, LighthouseScore> = {};
  try {
    for (const url of urls) {
      const run = async (formFactor: "mobile" | "desktop") => {
        const desktop = formFactor === "desktop";
        const result = await lighthouse(
          url,
          { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"] },
          desktop
            ? {
                extends: "lighthouse:default",
                settings: {
                  formFactor: "desktop",
                  screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
                  throttling: {
                    rttMs: 40,
                    throughputKbps: 10240,
                    cpuSlowdownMultiplier: 1,
                    requestLatencyMs: 0,
                    downloadThroughputKbps: 0,
                    uploadThroughputKbps: 0,
                  },
                },
              }
            : undefined,
        );
        return Math.round((result?.lhr.categories.performance.score ?? 0) * 100);
      };
      const mobileRuns: number[] = [];
      for (let i = 0; i < RUNS; i++) mobileRuns.push(await run("mobile"));
      scores[url] = { mobile: median(mobileRuns), mobileRuns, desktop: await run("desktop") };
    }
  } finally {
    await chrome.kill();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  return scores;
}
