/**
 * `npm run deploy -- --network <name> [--superfluid-file <contractsV1.json>] [--fresh] [--deployments-dir <dir>]`
 *
 * Deploys our contracts to a chain where Superfluid runs (networks in hardhat.config.ts: baseSepolia, optimismSepolia,
 * base, optimism, and rehearsal), in production mode: see `deployProduction`. Reads once:
 * - the network's RPC URL and DEPLOYER_PRIVATE_KEY: Hardhat configuration variables (keystore, or environment);
 * - CURRENCY_SUPERTOKEN (required) and CURRENCY_UNDERLYING (optional, e.g. USDC): environment;
 * - DISPUTES_ARBITER (required: the multisig that rules on disputes) and DISPUTES_BOND (optional): environment;
 * - ETHERSCAN_API_KEY (optional): when it resolves, each contract is verified on the chain's explorer.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { repoDeploymentsDir } from "@ipnft/protocol/deployment-file";
import { DeployRefusal, deployProduction, type VerifyCommand } from "./production";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The configuration variable holding each network's RPC URL (as hardhat.config.ts names it). */
export const rpcVariables: Record<string, string> = {
  baseSepolia: "BASE_SEPOLIA_RPC_URL",
  optimismSepolia: "OPTIMISM_SEPOLIA_RPC_URL",
  base: "BASE_RPC_URL",
  optimism: "OPTIMISM_RPC_URL",
  rehearsal: "REHEARSAL_RPC_URL",
};

/** Deployment files of the rehearsal stay apart from the real Base Sepolia one (and out of git). */
const defaultDeploymentsDir = (network: string) =>
  network === "rehearsal" ? path.join(repoDeploymentsDir, "rehearsal") : repoDeploymentsDir;

type Resolvable = string | { get(): Promise<string>; getHexString?(): Promise<string> };

/** A configuration variable's value, or a refusal naming it. */
async function resolve(value: Resolvable | undefined, variable: string, hex = false): Promise<string> {
  if (value === undefined) throw new DeployRefusal(`set ${variable}`);
  if (typeof value === "string") return value;
  try {
    return hex && value.getHexString ? await value.getHexString() : await value.get();
  } catch (error) {
    throw new DeployRefusal(
      `set ${variable} (\`npx hardhat keystore set ${variable}\` or the environment variable): ` +
        (error as Error).message.split("\n")[0],
    );
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      network: { type: "string" },
      "superfluid-file": { type: "string" },
      "deployments-dir": { type: "string" },
      fresh: { type: "boolean", default: false },
    },
  });
  const name = values.network;
  // Hardhat reads hardhat.config.ts from the working directory; the variables resolve through its keystore plugin.
  const { default: hre } = await import("hardhat");
  try {
    if (!name) throw new DeployRefusal(`pass --network <name> (one of ${Object.keys(rpcVariables).join(", ")})`);
    const config = hre.config.networks[name];
    if (config?.type !== "http") {
      throw new DeployRefusal(`no network "${name}" to deploy to (one of ${Object.keys(rpcVariables).join(", ")})`);
    }
    const rpcVariable = rpcVariables[name] ?? `the RPC URL of ${name}`;
    const rpcUrl = await resolve(config.url as Resolvable, rpcVariable);
    const accounts = Array.isArray(config.accounts) ? (config.accounts as Resolvable[]) : [];
    const key = await resolve(accounts[0], "DEPLOYER_PRIVATE_KEY", true);
    const result = await deployProduction({
      rpcUrl,
      key,
      chainId: config.chainId,
      superfluidFile: values["superfluid-file"],
      currency: { superToken: process.env.CURRENCY_SUPERTOKEN, underlying: process.env.CURRENCY_UNDERLYING },
      disputes: { arbiter: process.env.DISPUTES_ARBITER, bond: process.env.DISPUTES_BOND },
      fresh: values.fresh,
      deploymentsDir: values["deployments-dir"] ?? defaultDeploymentsDir(name),
      networkName: name,
      variables: { rpcUrl: rpcVariable },
      log: (line) => console.log(line),
    });
    console.log(result.status === "deployed" ? "deployed." : "already deployed: nothing sent.");
    if (name !== "rehearsal") await verify(result.verify, hre.config.verify.etherscan.apiKey);
    return 0;
  } catch (error) {
    if (error instanceof DeployRefusal) {
      console.error(`refused: ${error.message}\nnothing was sent.`);
      return 1;
    }
    throw error;
  }
}

/** Runs the verifications when ETHERSCAN_API_KEY resolves; prints them otherwise. */
async function verify(commands: VerifyCommand[], apiKey: { get(): Promise<string> } | undefined) {
  const hasKey = apiKey ? await apiKey.get().then(Boolean, () => false) : false;
  if (!hasKey) {
    console.log("verify on the explorer (set ETHERSCAN_API_KEY to have this done for you):");
    for (const c of commands) console.log(`  ${c.command}`);
    return;
  }
  for (const c of commands) {
    console.log(`verifying ${c.contract} at ${c.address}`);
    const [, , ...args] = c.command.split(" "); // drop "npx hardhat"
    execFileSync(path.join(repoRoot, "node_modules/.bin/hardhat"), args, { cwd: repoRoot, stdio: "inherit" });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
