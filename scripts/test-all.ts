/**
 * `npm test`: every suite, in order, each in its own process; a suite that crashes counts as failed.
 * Ends with one plain line `N passed, N failed` summing all suites.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name: string) => path.join(repoRoot, "node_modules/.bin", name);

interface Counts {
  passed: number;
  failed: number;
}
interface Suite {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  /** Reads the pass/fail counts from the suite's own summary. */
  parse: (output: string) => Counts | null;
  /** Skipped (and said so) when the suite has no test files yet. */
  files?: { dir: string; suffix: string };
}

const lastNumber = (output: string, pattern: RegExp): number | null => {
  const matches = [...output.matchAll(pattern)];
  return matches.length ? Number(matches[matches.length - 1][1]) : null;
};
// Hardhat's node:test reporter and its Solidity runner both end with "N passing" / "N failing".
const mochaStyle = (output: string): Counts | null => {
  const passed = lastNumber(output, /(\d+) passing/g);
  if (passed === null) return null;
  return { passed, failed: lastNumber(output, /(\d+) failing/g) ?? 0 };
};
// node --test's spec reporter ends with "ℹ pass N" / "ℹ fail N".
const nodeSpec = (output: string): Counts | null => {
  const passed = lastNumber(output, /^ℹ pass (\d+)/gm);
  if (passed === null) return null;
  return { passed, failed: lastNumber(output, /^ℹ fail (\d+)/gm) ?? 0 };
};
// vitest ends with "Tests  N passed | M failed".
const vitest = (output: string): Counts | null => {
  const line = [...output.matchAll(/^\s*Tests\s+(.*)$/gm)].pop()?.[1];
  if (!line) return null;
  return { passed: Number(/(\d+) passed/.exec(line)?.[1] ?? 0), failed: Number(/(\d+) failed/.exec(line)?.[1] ?? 0) };
};

const filesIn = (dir: string, suffix: string) =>
  existsSync(path.join(repoRoot, dir))
    ? readdirSync(path.join(repoRoot, dir))
        .filter((f) => f.endsWith(suffix))
        .map((f) => path.join(dir, f))
    : [];

// Biome prints "Found N errors" when anything is off; a clean tree is one passed check.
const biome = (output: string): Counts => {
  const errors = Number(/Found (\d+) errors?/.exec(output)?.[1] ?? 0);
  return errors > 0 ? { passed: 0, failed: errors } : { passed: 1, failed: 0 };
};
// tsc prints one "error TSxxxx" line per error and nothing when the types hold.
const tsc = (output: string): Counts => {
  const errors = (output.match(/error TS\d+/g) ?? []).length;
  return errors > 0 ? { passed: 0, failed: errors } : { passed: 1, failed: 0 };
};
// A plain "N passed, N failed" line (scripts/check-layout.ts).
const plain = (output: string): Counts | null => {
  const m = [...output.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
};

const suites: Suite[] = [
  { name: "format and lint (Biome, 120 columns)", command: bin("biome"), args: ["check", "."], parse: biome },
  {
    name: "layout (no app internals outside apps/web, <= 400 lines)",
    command: bin("tsx"),
    args: ["scripts/check-layout.ts"],
    parse: plain,
  },
  { name: "types: scripts, tests, packages (tsc)", command: bin("tsc"), args: ["--noEmit", "-p", "."], parse: tsc },
  {
    name: "types: web app (tsc)",
    command: bin("tsc"),
    args: ["--noEmit", "-p", "apps/web/tsconfig.json"],
    parse: tsc,
  },
  {
    name: "types: indexer (tsc)",
    command: bin("tsc"),
    args: ["--noEmit", "-p", "apps/indexer/tsconfig.json"],
    parse: tsc,
  },
  {
    name: "contracts (Hardhat, node:test + viem)",
    command: bin("hardhat"),
    args: ["test", "nodejs"],
    parse: mochaStyle,
  },
  {
    name: "contracts (Solidity fuzz and invariants)",
    command: bin("hardhat"),
    args: ["test", "solidity"],
    parse: mochaStyle,
  },
  {
    name: "gateway and AI client (node:test against the local chain)",
    command: bin("hardhat"),
    args: [
      "test",
      "nodejs",
      ...filesIn("packages/gateway/test", ".test.ts"),
      ...filesIn("packages/ai-client/test", ".test.ts"),
    ],
    parse: mochaStyle,
    files: { dir: "packages/gateway/test", suffix: ".test.ts" },
  },
  {
    name: "deploy (production mode on a local node)",
    command: bin("tsx"),
    args: ["--test", "--test-concurrency=1", "--test-reporter=spec", ...filesIn("test/deploy", ".test.ts")],
    parse: nodeSpec,
    files: { dir: "test/deploy", suffix: ".test.ts" },
  },
  {
    name: "AI agent over MCP on npm run dev's stack (stdio and Streamable HTTP)",
    // Starts the dev stack (node, deployment, demo data, next dev) as `npm run dev` does, on ports 11610-11611.
    command: bin("tsx"),
    args: [
      "--test",
      "--test-concurrency=1",
      "--test-reporter=spec",
      ...filesIn("packages/ai-client/test/stack", ".test.ts"),
    ],
    parse: nodeSpec,
    files: { dir: "packages/ai-client/test/stack", suffix: ".test.ts" },
  },
  {
    name: "indexer (Ponder against a local chain)",
    // Each file starts its own chain and Ponder on the indexer's ports (10100-10199); one at a time on 2 cores.
    command: bin("tsx"),
    args: ["--test", "--test-concurrency=1", "--test-reporter=spec", ...filesIn("apps/indexer/test", ".test.ts")],
    parse: nodeSpec,
    files: { dir: "apps/indexer/test", suffix: ".test.ts" },
  },
  { name: "unit tests of every workspace (vitest)", command: bin("vitest"), args: ["run"], parse: vitest },
  {
    name: "browser journeys (Chromium + playwright-core)",
    // Builds the production app first, then runs each journey file against its own chain and server.
    command: "npm",
    args: ["run", "test:e2e"],
    parse: nodeSpec,
    files: { dir: "test/e2e", suffix: ".test.ts" },
  },
  {
    name: "production rehearsal (chain 84532, injected wallet)",
    // The browser journeys' suite built the production app just before; the rehearsal serves that same build.
    command: bin("tsx"),
    args: ["--test", "--test-concurrency=1", "--test-reporter=spec", ...filesIn("test/rehearsal", ".test.ts")],
    parse: nodeSpec,
    files: { dir: "test/rehearsal", suffix: ".test.ts" },
  },
];

function run(command: string, args: string[], cwd = repoRoot): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
    let output = "";
    const keep = (chunk: Buffer, to: NodeJS.WriteStream) => {
      output += chunk.toString();
      to.write(chunk);
    };
    child.stdout.on("data", (c: Buffer) => keep(c, process.stdout));
    child.stderr.on("data", (c: Buffer) => keep(c, process.stderr));
    child.on("error", (error) => resolve({ code: 1, output: `${output}\n${error.message}` }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

const started = Date.now();
const results: { name: string; counts: Counts; seconds: number; note?: string }[] = [];

console.log("\n### compile contracts and generate typed ABIs");
const compile = await run(bin("hardhat"), ["compile", "--quiet"]);
const codegen = compile.code === 0 ? await run(bin("tsx"), ["scripts/codegen/generate-abis.ts"]) : compile;
if (codegen.code !== 0) {
  console.log("\ncompilation failed: no suite can run");
  console.log("0 passed, 1 failed");
  process.exit(1);
}

for (const suite of suites) {
  if (suite.files && filesIn(suite.files.dir, suite.files.suffix).length === 0) {
    results.push({ name: suite.name, counts: { passed: 0, failed: 0 }, seconds: 0, note: "no test files" });
    continue;
  }
  console.log(`\n### ${suite.name}`);
  const t0 = Date.now();
  const { code, output } = await run(suite.command, suite.args, suite.cwd);
  const parsed = suite.parse(output);
  let counts = parsed ?? { passed: 0, failed: 1 };
  let note: string | undefined = parsed ? undefined : `exited ${code} without a summary`;
  // A non-zero exit with nothing failing in the summary is still a failure (e.g. a crash after the tests).
  if (code !== 0 && counts.failed === 0) {
    counts = { ...counts, failed: 1 };
    note = `exited ${code}`;
  }
  results.push({ name: suite.name, counts, seconds: (Date.now() - t0) / 1000, note });
}

const total = results.reduce(
  (sum, r) => ({ passed: sum.passed + r.counts.passed, failed: sum.failed + r.counts.failed }),
  {
    passed: 0,
    failed: 0,
  },
);
console.log("\n### summary");
for (const r of results) {
  console.log(
    `${r.name.padEnd(48)} ${String(r.counts.passed).padStart(4)} passed ${String(r.counts.failed).padStart(3)} failed  ${r.seconds.toFixed(0).padStart(4)} s${r.note ? `  (${r.note})` : ""}`,
  );
}
console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed === 0 ? 0 : 1);
