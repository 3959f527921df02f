/**
 * The AI company's command line: pull every file a key is licensed for, verified, with a manifest.
 *
 *   AI_CLIENT_PRIVATE_KEY=0x... npx tsx scripts/ai-client/index.ts --gateway http://127.0.0.1:3000 --out training-data
 *
 * Options: --gateway <url> (default $GATEWAY_URL or http://127.0.0.1:3000), --out <dir> (default
 * ./licensed-data), --use training|commercial|derivative (default training), --key <0x...> (prefer the
 * environment variable, so the key stays out of shell history).
 * Exits 1 when any licensed file could not be downloaded and verified.
 */
import { parseArgs } from "node:util";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { runClient } from "./client";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      gateway: { type: "string", default: process.env.GATEWAY_URL ?? "http://127.0.0.1:3000" },
      out: { type: "string", default: "licensed-data" },
      use: { type: "string", default: "training" },
      key: { type: "string" },
    },
  });
  const key = (values.key ?? process.env.AI_CLIENT_PRIVATE_KEY) as Hex | undefined;
  if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key)) {
    console.error("Give the licensee's private key in AI_CLIENT_PRIVATE_KEY (or --key): 0x followed by 64 hex digits.");
    return 2;
  }
  if (!["training", "commercial", "derivative"].includes(values.use)) {
    console.error("--use must be training, commercial or derivative.");
    return 2;
  }
  const account = privateKeyToAccount(key);
  const manifest = await runClient({
    gateway: values.gateway,
    outDir: values.out,
    use: values.use as "training",
    signer: { address: account.address, signTypedData: (typedData) => account.signTypedData(typedData) },
  });
  console.table(manifest.files.map((f) => ({ ipId: f.ipId, licenseId: f.licenseId, cid: f.cid, bytes: f.size, block: f.block })));
  return manifest.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`ai-client: ${(error as Error).message}`);
    process.exit(1);
  },
);
