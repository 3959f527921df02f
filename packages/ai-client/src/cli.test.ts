import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { getAddress } from "viem";
import { describe, expect, it } from "vitest";
import { main, readCommandLine } from "./cli";

const key = `0x${"11".repeat(32)}`;
const meter = "0x00000000000000000000000000000000000000e1";

async function run(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("the command line", () => {
  it("prints its usage for --help and exits 0", async () => {
    const { code, out } = await run(["--help"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: ipnft-ai-client --gateway URL --out DIR/);
  });

  it("refuses an unknown option with exit code 2", async () => {
    const { code, err } = await run(["--gatway", "http://127.0.0.1:3000"], { AI_CLIENT_PRIVATE_KEY: key });
    expect(code).toBe(2);
    expect(err).toMatch(/Unknown option '--gatway'/);
  });

  it("refuses to start without a well-formed key, with exit code 2", async () => {
    expect((await run([])).code).toBe(2);
    const { code, err } = await run(["--key", "0x1234"]);
    expect(code).toBe(2);
    expect(err).toMatch(/AI_CLIENT_PRIVATE_KEY.*64 hex digits/);
  });

  it("refuses a use the protocol does not know", async () => {
    expect(await run(["--use", "scraping"], { AI_CLIENT_PRIVATE_KEY: key })).toMatchObject({ code: 2 });
  });

  it("wants a pinned meter as a chain id and an address together", async () => {
    const { code, err } = await run(["--chain-id", "31337"], { AI_CLIENT_PRIVATE_KEY: key });
    expect(code).toBe(2);
    expect(err).toMatch(/--usage-meter must be/);
  });

  it("takes the trusted meter from the command line's pins", async () => {
    const invocation = await readCommandLine(["--chain-id", "31337", "--usage-meter", meter], {
      AI_CLIENT_PRIVATE_KEY: key,
    });
    expect(invocation !== "help" && invocation.trust).toMatchObject({
      chainId: 31337,
      usageMeter: getAddress(meter),
    });
  });

  it("refuses a --deployment that is not a deployment file", async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "ai-client-cli-")), "deployment.json");
    await writeFile(file, JSON.stringify({ chainId: 31337 }));
    const { code, err } = await run(["--deployment", file], { AI_CLIENT_PRIVATE_KEY: key });
    expect(code).toBe(2);
    expect(err).toMatch(/is not a deployment file/);
  });

  it("runs as a bin from the sources, without a build step", async () => {
    const bin = fileURLToPath(new URL("../bin/ipnft-ai-client.js", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "--help"]);
    expect(stdout).toMatch(/^Usage: ipnft-ai-client/);
  }, 30_000);
});
