import type { Deployment, DevRole } from "@ipnft/protocol/deployment";
import type { Address } from "viem";
import { parseUnits } from "viem";
import { ourArtifact } from "./artifacts";
import { deployProtocol } from "./protocol";
import { type Clients, deployArtifact, deploySuperfluidFramework, deployWrapperSuperToken } from "./superfluid";

export const LOCAL_CHAIN_ID = 31337;
export const STABLECOIN = { name: "Fake USD", symbol: "fUSD", decimals: 18 } as const;
/** What one faucet drip gives: enough to buy a few licenses and shares. */
export const FAUCET_DRIP = parseUnits("1000", STABLECOIN.decimals);

/** Deploys everything the product runs on: Superfluid, the currency, our contracts (and the faucet locally). */
export async function deployAll(
  clients: Clients,
  options: { rpcUrl: string; devAccounts?: Record<DevRole, Address> },
): Promise<Deployment> {
  const chainId = await clients.publicClient.getChainId();
  const framework = await deploySuperfluidFramework(clients);
  const token = await deployWrapperSuperToken(clients, framework, {
    ...STABLECOIN,
    mintLimit: parseUnits("1000000000", STABLECOIN.decimals),
  });
  const currency: Deployment["currency"] = {
    underlying: token.underlying,
    underlyingSymbol: STABLECOIN.symbol,
    superToken: token.superToken,
    superTokenSymbol: `${STABLECOIN.symbol}x`,
    decimals: STABLECOIN.decimals,
  };
  const contracts: Record<string, Address> = await deployProtocol(clients, { framework, currency });
  if (chainId === LOCAL_CHAIN_ID) {
    contracts.Faucet = await deployArtifact(clients, ourArtifact("contracts/dev/Faucet.sol", "Faucet"), [
      token.underlying,
      FAUCET_DRIP,
    ]);
  }
  const { frameworkDeployer: _, ...superfluid } = framework;
  return {
    chainId,
    rpcUrl: options.rpcUrl,
    startBlock: Number(await clients.publicClient.getBlockNumber()),
    superfluid,
    currency,
    contracts,
    devAccounts: chainId === LOCAL_CHAIN_ID ? options.devAccounts : undefined,
  };
}
