/**
 * `npm run seed -- --works 10000`: fills a running local chain with many varied works (see bulk.ts) and prints
 * how fast. The chain is the one the deployment file names: `deployments/31337.json` of `npm run dev`, or the
 * file in `--deployments <dir>`.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { deploymentPath, readDeployment } from "@ipnft/protocol/deployment-file";
import { seedBulk } from "./bulk";

const usage = `Usage: npm run seed -- --works N [--deployments DIR] [--data-dir DIR] [--chain-id ID] [--round N]
  --works N          how many works to add (re-running adds more)
  --deployments DIR  where the deployment file is (deployments/ by default)
  --data-dir DIR     the gateway's content store the app reads (data/ by default, as the app's DATA_DIR)
  --chain-id ID      the local chain's id (31337 by default)
  --round N          works registered together in a round (250 by default)
  --image-size PX    side of each drawn original (256 by default)`;

export interface SeedArgs {
  works: number;
  deploymentsDir?: string;
  dataDir?: string;
  chainId: number;
  round: number;
  imageSize: number;
}

const positiveInteger = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined) return fallback;
  if (!/^[1-9][0-9]*$/.test(text)) throw new Error(`--${name} takes a whole number above zero, not "${text}"`);
  return Number(text);
};

/** The command line as options; throws a sentence (with the usage) on anything it does not understand. */
export function parseSeedArgs(argv: string[]): SeedArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      works: { type: "string" },
      deployments: { type: "string" },
      "data-dir": { type: "string" },
      "chain-id": { type: "string" },
      round: { type: "string" },
      "image-size": { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) throw new Error(usage);
  if (values.works === undefined) throw new Error(`--works is required.\n${usage}`);
  return {
    works: positiveInteger("works", values.works, 0),
    deploymentsDir: values.deployments,
    dataDir: values["data-dir"],
    chainId: positiveInteger("chain-id", values["chain-id"], 31337),
    round: positiveInteger("round", values.round, 250),
    imageSize: positiveInteger("image-size", values["image-size"], 256),
  };
}

async function main() {
  let args: SeedArgs;
  try {
    args = parseSeedArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const file = deploymentPath(args.chainId, args.deploymentsDir);
  if (!existsSync(file)) {
    console.error(`No deployment at ${file}: start a local chain with \`npm run dev\`, or pass --deployments DIR.`);
    process.exit(1);
  }
  const deployment = readDeployment(args.chainId, args.deploymentsDir);
  console.log(`Seeding ${args.works} works on ${deployment.rpcUrl} (chain ${deployment.chainId})…`);
  const answering = await fetch(deployment.rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
  }).then(
    (r) => r.ok,
    () => false,
  );
  if (!answering) {
    console.error(`The chain at ${deployment.rpcUrl} is not answering: is \`npm run dev\` running?`);
    process.exit(1);
  }
  const report = await seedBulk(deployment, { ...args, log: (line) => console.log(`  ${line}`) });
  console.log(
    `Added ${report.works} works in ${report.seconds.toFixed(1)} s: ${report.worksPerSecond.toFixed(1)} works/s ` +
      `(${report.transactions} transactions in ${report.blocks} blocks; ${report.derivatives} derivatives, ` +
      `${report.licenses} licenses, ${report.sharesEnabled} with shares, ${report.shareSales} share sales, ` +
      `${report.streams} streams; last IP #${report.lastIpId}).`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(`npm run seed failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
