import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { Deployment } from "@ipnft/protocol/deployment";
import type { Address, Hex } from "viem";
import { createPublicClient, createWalletClient, getAddress, http } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createWrapperSuperToken, deployTestUsdc, TEST_USDC } from "./currency";
import { type Clients, deploySuperfluidFramework } from "./superfluid";
import { writeSuperfluidFile } from "./superfluid-addresses";

/**
 * What stands in for a public chain's canonical deployments on the production rehearsal's node (chain 84532 run
 * locally): the real Superfluid framework, and a USDC-shaped stablecoin with its wrapper SuperToken (standing in for
 * USDC and USDCx). Deployed as a separate step BEFORE `deployProduction`, which then knows only the metadata-shaped
 * file written here and the currency's address. The stablecoin's whole supply goes to `holder` (no mint off 31337):
 * the rehearsal funds its accounts by transfers.
 */
export interface StandIn {
  superfluid: Deployment["superfluid"];
  /** The metadata-shaped `contractsV1` file, for `--superfluid-file`. */
  superfluidFile: string;
  /** CURRENCY_UNDERLYING: the USDC stand-in (6 decimals, EIP-3009). */
  underlying: Address;
  /** CURRENCY_SUPERTOKEN: its wrapper SuperToken (the USDCx stand-in). */
  superToken: Address;
}

/** viem clients that sign with `key` (no unlocked node account). */
export async function keyClients(rpcUrl: string, key: Hex): Promise<Clients> {
  const transport = http(rpcUrl);
  const publicClient = createPublicClient({ transport, pollingInterval: 100 });
  const id = await publicClient.getChainId();
  const chain = {
    id,
    name: `chain ${id}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  };
  const walletClient = createWalletClient({ account: privateKeyToAccount(key), chain, transport });
  return { publicClient, walletClient } as unknown as Clients;
}

/** Deploys the stand-ins with `key` (which needs gas) and writes `superfluidFile`. */
export async function deployStandIn(options: {
  rpcUrl: string;
  key: Hex;
  superfluidFile: string;
  /** Receives the stablecoin's whole supply. Default: the key's account. */
  holder?: Address;
  /** In the stablecoin's 6 decimals. Default: 1 billion. */
  supply?: bigint;
}): Promise<StandIn> {
  const clients = await keyClients(options.rpcUrl, options.key);
  const { frameworkDeployer: _, ...superfluid } = await deploySuperfluidFramework(clients);
  const underlying = await deployTestUsdc(clients, {
    holder: options.holder,
    initialSupply: options.supply ?? 1_000_000_000n * 10n ** BigInt(TEST_USDC.decimals),
  });
  const superToken = await createWrapperSuperToken(clients, superfluid, underlying, {
    underlyingDecimals: TEST_USDC.decimals,
    name: TEST_USDC.superTokenName,
    symbol: TEST_USDC.superTokenSymbol,
  });
  writeSuperfluidFile(options.superfluidFile, superfluid);
  return { superfluid, superfluidFile: options.superfluidFile, underlying, superToken };
}

/**
 * `tsx scripts/deploy/stand-in.ts --rpc-url <url> --superfluid-file <out.json> [--holder <address>]`: the stand-in
 * step on a Hardhat node (it funds a fresh key with `hardhat_setBalance`, so no unlocked account is used). Prints
 * the addresses to give `npm run deploy` (CURRENCY_SUPERTOKEN, CURRENCY_UNDERLYING) as JSON.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      "rpc-url": { type: "string", default: "http://127.0.0.1:10545" },
      "superfluid-file": { type: "string", default: "superfluid.json" },
      holder: { type: "string" },
    },
  });
  const rpcUrl = values["rpc-url"];
  const key = generatePrivateKey();
  const client = createPublicClient({ transport: http(rpcUrl) });
  const funds = `0x${(10n ** 21n).toString(16)}`;
  await client.request({ method: "hardhat_setBalance", params: [privateKeyToAccount(key).address, funds] } as never);
  const holder = values.holder ? getAddress(values.holder) : undefined;
  const standIn = await deployStandIn({ rpcUrl, key, superfluidFile: values["superfluid-file"], holder });
  console.log(JSON.stringify({ ...standIn, holder: holder ?? privateKeyToAccount(key).address, holderKey: key }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
