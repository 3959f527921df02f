/**
 * The browser the journeys and the benches drive: Debian's Chromium unless CHROMIUM_PATH names another, headless,
 * and quiet: no background networking, component updates, sync or first-run screens to skew a run.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const chromiumFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
