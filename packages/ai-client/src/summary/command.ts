import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { type Deployment, parseDeployment } from "@ipnft/protocol/deployment";
import { loadDeployment } from "@ipnft/protocol/deployment-file";
import { createPublicClient, http } from "viem";
import { itemsFromManifest } from "./from-manifest";
import { purchaseTransaction } from "./settlements";
import { trainingSummary } from "./training-summary";

export const summaryUsage = `Usage: ipnft-ai-client summary [--out DIR | --manifest FILE] [options]

Prints the licensed-content part of the EU AI Act Art. 53(1)(d) training-data summary (the Commission's template of
24 July 2025) as JSON, with the verifiable list of CIDs, IP ids, license ids and settlement transactions, built from
the manifest a pull wrote (DIR/manifest.json) or the MCP agent's manifest. A draft for the provider's legal review.

Options:
  --out DIR           the directory a pull wrote (default ./licensed-data)
  --manifest FILE     a manifest file instead
  --rpc URL           a JSON-RPC endpoint to look up each license's purchase transaction on chain
  --deployment FILE   the deployment file naming the contracts (default deployments/<chainId>.json)
  --provider NAME     the provider's name, printed in the summary
  --model NAME        the model's name and version
  -h, --help          print this and exit`;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** `ipnft-ai-client summary`: returns the exit code (0 printed, 1 unreadable input, 2 bad arguments). */
export async function summaryCommand(argv: string[], io: Io): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        out: { type: "string" },
        manifest: { type: "string" },
        rpc: { type: "string" },
        deployment: { type: "string" },
        provider: { type: "string" },
        model: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    io.err(`ipnft-ai-client summary: ${(error as Error).message}\nRun ipnft-ai-client summary --help for the options.`);
    return 2;
  }
  if (values.help) {
    io.out(summaryUsage);
    return 0;
  }
  const str = (name: string) => values[name] as string | undefined;
  const file = str("manifest") ?? path.join(str("out") ?? "licensed-data", "manifest.json");
  try {
    const manifest = JSON.parse(await readFile(file, "utf8")) as { chainId?: number; gateway?: string };
    const chainId = Number(manifest.chainId);
    let deployment: Deployment | undefined;
    if (str("deployment")) deployment = parseDeployment(JSON.parse(await readFile(str("deployment")!, "utf8")));
    else {
      const lookup = await loadDeployment(chainId);
      if ("deployment" in lookup) deployment = lookup.deployment;
    }
    const rpc = str("rpc");
    const client = rpc && deployment ? createPublicClient({ transport: http(rpc) }) : undefined;
    const items = await itemsFromManifest(manifest, async (licenseId) => {
      const tx = client && deployment ? await purchaseTransaction(client, deployment, BigInt(licenseId)) : undefined;
      return tx ? [{ kind: "license_purchase" as const, tx }] : [];
    });
    const summary = trainingSummary({
      provider: str("provider"),
      model: str("model"),
      chainId,
      registry: deployment?.contracts.IPRegistry,
      licenseToken: deployment?.contracts.LicenseToken,
      gateway: manifest.gateway,
      items,
    });
    io.out(JSON.stringify(summary, null, 2));
    return 0;
  } catch (error) {
    io.err(`ipnft-ai-client summary: cannot summarise ${file}: ${(error as Error).message}`);
    return 1;
  }
}
