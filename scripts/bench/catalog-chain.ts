/**
 * `npm exec -- tsx scripts/bench/catalog-chain.ts --port P --dir DIR`: a bench chain that stays up, for the sizes that
 * take too long to seed inside one `npm run bench catalog` (10,000 works). It starts a Hardhat node on `P`, deploys,
 * writes `DIR/deployments/<chainId>.json`, runs the demo seed into `DIR/data` and waits until stopped (Ctrl-C or
 * SIGTERM). Seed it meanwhile with `npm run seed -- --works 10000 --deployments DIR/deployments --data-dir DIR/data`,
 * then measure it with `CATALOG_BENCH_DIR=DIR npm run bench catalog` (see catalog.bench.ts).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { seedDemo } from "../seed/index";
import { deployToNode, startNode } from "../stack/local-stack";
import { ProcessGroup } from "../stack/processes";

const { values } = parseArgs({ options: { port: { type: "string" }, dir: { type: "string" } } });
if (!values.port || !values.dir) {
  console.error("Usage: tsx scripts/bench/catalog-chain.ts --port PORT --dir DIR");
  process.exit(2);
}
const dir = path.resolve(values.dir);
const deploymentsDir = path.join(dir, "deployments");
const dataDir = path.join(dir, "data");
mkdirSync(dataDir, { recursive: true });

const group = new ProcessGroup();
const stop = async () => {
  await group.stopAll();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

const { rpcUrl } = await startNode(group, Number(values.port));
const { deployment, file } = await deployToNode(rpcUrl, deploymentsDir);
await seedDemo(deployment, { dataDir });
console.log(`Bench chain on ${rpcUrl}: deployment ${file}, content store ${dataDir}. Ready.`);
await new Promise(() => {});
