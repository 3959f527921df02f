import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../../../../scripts/stack/processes";

/**
 * A real PostgreSQL for a test: its own cluster (initdb + pg_ctl) in a temp dir on a loopback port, run as the
 * `postgres` user when the test runs as root (Postgres refuses to run as root). Debian's binaries are required:
 * without them the test fails, naming what to install, rather than skipping.
 */
const BIN = process.env.POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";

export interface TestPostgres {
  url: string;
  /** Stops the cluster for good and deletes it. */
  stop(): Promise<void>;
  /** Stops the server (fast shutdown: connections are cut) and keeps its data, as an outage would. */
  halt(): void;
  /** Starts the halted server again, on the same port with the same data. */
  resume(): void;
}

/** `port`: a loopback port of the caller's range; a free one when not given. */
export async function startPostgres(options: { port?: number } = {}): Promise<TestPostgres> {
  for (const tool of ["initdb", "pg_ctl"]) {
    if (!existsSync(path.join(BIN, tool))) {
      throw new Error(
        `PostgreSQL's ${tool} is not in ${BIN}: install Debian's postgresql package (apt-get install postgresql) ` +
          "or point POSTGRES_BIN at its bin directory.",
      );
    }
  }
  const root = await mkdtemp(path.join(tmpdir(), "gw-postgres-"));
  const dataDir = path.join(root, "data");
  const port = options.port ?? (await freePort());
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const ids = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gids = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    if (ids.status !== 0) throw new Error("Running as root, but there is no postgres user to run PostgreSQL as.");
    await chown(root, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
    await chmod(root, 0o700);
  }
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? "runuser" : path.join(BIN, tool);
    const argv = asRoot ? ["-u", "postgres", "--", path.join(BIN, tool), ...args] : args;
    const result = spawnSync(command, argv, { encoding: "utf8", timeout: 120_000 });
    if (result.status !== 0) {
      throw new Error(`${tool} ${args.join(" ")} failed: ${result.stderr || result.stdout || result.error}`);
    }
  };
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const serverOptions = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () =>
    run("pg_ctl", ["-D", dataDir, "-o", serverOptions, "-l", path.join(root, "log"), "-w", "-t", "60", "start"]);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    halt: () => run("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]),
    resume: start,
    async stop() {
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}
