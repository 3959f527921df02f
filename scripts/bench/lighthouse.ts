/**
 * Lighthouse's performance score in headless Chromium (Debian's, or CHROMIUM_PATH), mobile with its default
 * throttling and desktop, for the benches that judge pages as a visitor meets them.
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

export async function lighthouseScores(urls: string[]): Promise<Record<string, { mobile: number; desktop: number }>> {
  const { default: lighthouse } = await import("lighthouse");
  const chromeLauncher = await import("chrome-launcher");
  const userDataDir = mkdtempSync(path.join(tmpdir(), "lh-profile-"));
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    chromeFlags: chromiumFlags,
    userDataDir,
  });
  const scores: Record<string, { mobile: number; desktop: number }> = {};
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
      scores[url] = { mobile: await run("mobile"), desktop: await run("desktop") };
    }
  } finally {
    await chrome.kill();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  return scores;
}
