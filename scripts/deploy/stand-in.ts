import type { Deployment } from "@ipnft/protocol/deployment";
import type { Address, Hex } from "viem";
import { createPublicClient, createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
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
