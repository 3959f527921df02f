import { cp, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

/**
 * Fresh PGlite directories for tests, fast: PGlite's first start runs initdb (seconds, tens of seconds on a busy
 * machine), so one initialized directory is made once per machine and copied for each test. The copy is a real,
 * empty database; the gateway then applies its migrations to it as it would to any new one.
 */
const template = path.join(tmpdir(), "ipnft-gateway-pglite-template");
let made: Promise<void> | undefined;

async function ensureTemplate(): Promise<void> {
  if (await stat(path.join(template, "PG_VERSION")).catch(() => undefined)) return;
  const building = `${template}.${process.pid}.${Date.now()}`;
  await mkdir(building, { recursive: true });
  const client = await PGlite.create(building);
  await client.close();
  await rm(template, { recursive: true, force: true });
  await cp(building, template, { recursive: true });
  await rm(building, { recursive: true, force: true });
}

/** A new empty PGlite directory under a new temp dir; `cleanup` removes it. */
export async function freshPgliteDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  made ??= ensureTemplate();
  await made;
  const root = await mkdtemp(path.join(tmpdir(), "gw-db-"));
  const dir = path.join(root, "db");
  await cp(template, dir, { recursive: true });
  return { dir, cleanup: () => rm(root, { recursive: true, force: true }) };
}
