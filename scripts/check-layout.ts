/**
 * The layout rules `npm test` holds the tree to (issue 11): nothing outside apps/web imports the app's internals, and
 * no source file grows past 400 lines. Prints each violation and ends with `N passed, N failed` (one check each).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const MAX_LINES = 400;
const tracked = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" })
  .split("\n")
  .filter((f) => /\.(ts|tsx|sol)$/.test(f) && !f.includes("/generated/"));

const reachIns = tracked
  .filter((f) => /^(scripts|test|packages)\//.test(f) && /\.tsx?$/.test(f) && f !== "scripts/check-layout.ts")
  .flatMap((f) =>
    readFileSync(f, "utf8")
      .split("\n")
      .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
      .filter(({ line }) => /from\s+["'][^"']*apps\/web\//.test(line) || /import\(["'][^"']*apps\/web\//.test(line)),
  );
const long = tracked
  .map((f) => ({ f, lines: readFileSync(f, "utf8").split("\n").length - 1 }))
  .filter(({ lines }) => lines > MAX_LINES);

let failed = 0;
if (reachIns.length) {
  failed++;
  console.log("imports of the app's internals from outside apps/web (package the code instead):");
  for (const r of reachIns) console.log(`  ${r.where}: ${r.line.trim()}`);
} else console.log("✔ nothing outside apps/web imports the app's internals");
if (long.length) {
  failed++;
  console.log(`source files over ${MAX_LINES} lines (split them by concern):`);
  for (const { f, lines } of long) console.log(`  ${f}: ${lines}`);
} else console.log(`✔ no source file is over ${MAX_LINES} lines`);
console.log(`${2 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
