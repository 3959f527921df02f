import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

/**
 * Child processes started in their own process groups, so stopping one stops everything it
 * started (Next's workers, Hardhat's node) and Ctrl-C leaves nothing behind.
 */
export class ProcessGroup {
  private readonly children: { name: string; child: ChildProcess }[] = [];

  start(
    name: string,
    command: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; cwd?: string; quiet?: boolean } = {},
  ) {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      detached: true,
      stdio: options.quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
    });
    const output: string[] = [];
    child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    this.children.push({ name, child });
    return { child, output: () => output.join("") };
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.children.reverse().map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve();
            const timer = setTimeout(() => signalGroup(child.pid!, "SIGKILL"), 5_000);
            child.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            signalGroup(child.pid, "SIGTERM");
          }),
      ),
    );
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Whether nothing listens on loopback `port` right now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Fails early, in plain words, when a port we need is taken. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  if (!(await portIsFree(port))) {
    throw new Error(`Port ${port} (${what}) is already in use. Is another \`npm run dev\` or test run still going?`);
  }
}

/** A loopback port nobody listens on right now, as the system picks one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `probe` resolves true, or throws after `timeoutMs` with what it was waiting for. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  exited?: () => string | null,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const why = exited?.();
    if (why) throw new Error(`${what} stopped before it was ready: ${why}`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
}
