import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parseDeployment } from "@ipnft/protocol/deployment";
import { type Use, uses } from "@ipnft/protocol/terms";
import { getAddress, type Hex, isAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ClientRefusal, runClient } from "./client";
import { datasetCommand } from "./dataset-command";
import { summaryCommand } from "./summary/command";
import { type TrustedMeter, trustDeployment } from "./trust";

export const usage = `Usage: ipnft-ai-client --gateway URL --out DIR [options]
       ipnft-ai-client summary [--out DIR] (the training-data summary; summary --help)
       ipnft-ai-client dataset IP_ID [options] (pull a whole licensed dataset; dataset --help)

Pulls every file the key is licensed for through the gateway, keeps each one only if its bytes match the SHA-256
and CID registered on chain, signs the usage receipts it owes, and writes DIR/manifest.json for auditors.

Options:
  --gateway URL          the gateway (default $GATEWAY_URL, else http://127.0.0.1:3000)
  --out DIR              where files and manifest.json go (default ./licensed-data)
  --use USE              ${uses.join(" | ")} (default training)
  --key 0x…              the licensee's private key; prefer AI_CLIENT_PRIVATE_KEY (keeps it out of shell history)
  --deployment FILE      the deployment file whose UsageMeter receipts are signed for
  --chain-id N           pin the chain of the UsageMeter receipts are signed for (with --usage-meter)
  --usage-meter 0x…      pin that UsageMeter's address (with --chain-id)
  --usage-book FILE      the client's own count of metered usage (default DIR/usage-book.json)
  -h, --help             print this and exit

Usage receipts are signed only in the trusted meter's domain: --deployment, else the pins, else the repository's
deployments/<chainId>.json for the gateway's chain. A receipt asked for another meter or chain, a license the key
does not hold, or other units than the client counted is refused.

Exit codes: 0 every licensed file verified; 1 a file failed or a receipt was refused; 2 bad arguments.`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

class BadArguments extends Error {}

export interface Invocation {
  gateway: string;
  outDir: string;
  use: Use;
  key: Hex;
  trust?: TrustedMeter;
  usageBook?: string;
}

/** Reads the command line; throws BadArguments with a sentence a person can act on. */
export async function readCommandLine(
  argv: string[],
  env: Record<string, string | undefined>,
): Promise<Invocation | "help"> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        gateway: { type: "string" },
        out: { type: "string" },
        use: { type: "string" },
        key: { type: "string" },
        deployment: { type: "string" },
        "chain-id": { type: "string" },
        "usage-meter": { type: "string" },
        "usage-book": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new BadArguments((error as Error).message);
  }
  if (values.help) return "help";
  const str = (name: string) => values[name] as string | undefined;

  const gateway = str("gateway") ?? env.GATEWAY_URL ?? "http://127.0.0.1:3000";
  if (!URL.canParse(gateway) || !/^https?:$/.test(new URL(gateway).protocol)) {
    throw new BadArguments(`--gateway must be an http(s) URL, not "${gateway}".`);
  }
  const use = str("use") ?? "training";
  if (!(uses as readonly string[]).includes(use)) throw new BadArguments(`--use must be one of ${uses.join(", ")}.`);
  const key = str("key") ?? env.AI_CLIENT_PRIVATE_KEY;
  if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new BadArguments(
      "Give the licensee's private key in AI_CLIENT_PRIVATE_KEY (or --key): 0x followed by 64 hex digits.",
    );
  }

  const [chainId, meter, deploymentFile] = [str("chain-id"), str("usage-meter"), str("deployment")];
  let trust: TrustedMeter | undefined;
  if (deploymentFile && (chainId || meter)) {
    throw new BadArguments("Give either --deployment or --chain-id with --usage-meter, not both.");
  }
  if (deploymentFile) {
    try {
      trust = trustDeployment(parseDeployment(JSON.parse(await readFile(deploymentFile, "utf8"))), deploymentFile);
    } catch (error) {
      throw new BadArguments(`--deployment ${deploymentFile} is not a deployment file: ${(error as Error).message}`);
    }
  } else if (chainId || meter) {
    if (!chainId || !/^[1-9][0-9]{0,15}$/.test(chainId)) throw new BadArguments("--chain-id must be a chain id.");
    if (!meter || !isAddress(meter, { strict: false })) {
      throw new BadArguments("--usage-meter must be the UsageMeter's address (0x and 40 hex digits).");
    }
    trust = { chainId: Number(chainId), usageMeter: getAddress(meter), source: "pinned on the command line" };
  }
  return {
    gateway,
    outDir: str("out") ?? "licensed-data",
    use: use as Use,
    key: key as Hex,
    trust,
    usageBook: str("usage-book"),
  };
}

/** The command line: returns the exit code. */
export async function main(argv: string[], env: Record<string, string | undefined>, io: Io): Promise<number> {
  if (argv[0] === "summary") return summaryCommand(argv.slice(1), io);
  if (argv[0] === "dataset") return datasetCommand(argv.slice(1), env, io);
  let invocation: Invocation | "help";
  try {
    invocation = await readCommandLine(argv, env);
  } catch (error) {
    if (!(error instanceof BadArguments)) throw error;
    io.err(`ipnft-ai-client: ${error.message}\nRun ipnft-ai-client --help for the options.`);
    return 2;
  }
  if (invocation === "help") {
    io.out(usage);
    return 0;
  }
  const account = privateKeyToAccount(invocation.key);
  try {
    const manifest = await runClient({
      ...invocation,
      signer: { address: account.address, signTypedData: (typedData) => account.signTypedData(typedData) },
      log: io.out,
    });
    for (const f of manifest.files) io.out(`  ${f.cid}  IP ${f.ipId}  license ${f.licenseId}  ${f.size} bytes`);
    return manifest.failures.length > 0 || manifest.refused.length > 0 ? 1 : 0;
  } catch (error) {
    io.err(`ipnft-ai-client: ${error instanceof ClientRefusal ? "refused: " : ""}${(error as Error).message}`);
    return 1;
  }
}
