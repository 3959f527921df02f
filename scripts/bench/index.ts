/**
 * `npm run bench`: runs every `scripts/bench/*.bench.ts` in turn. Each exports `run()` and prints
 * its own figures; targets are stated beside the figures, never asserted in timed tests.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file.replace(".bench.ts", "")} ===`);
  try {
    const bench = (await import(pathToFileURL(path.join(here, file)).href)) as { run: () => Promise<void> };
    await bench.run();
  } catch (error) {
    failed++;
    console.error(`bench ${file} failed: ${(error as Error).stack ?? error}`);
  }
}
process.exit(failed ? 1 : 0);
