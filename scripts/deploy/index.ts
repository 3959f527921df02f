import type { Deployment, DevRole } from "@ipnft/protocol/deployment";
import type { Address } from "viem";
import { parseUnits } from "viem";
import { ourArtifact } from "./artifacts";
import { createWrapperSuperToken, deployTestUsdc, readCurrency, TEST_USDC } from "./currency";
import { DEFAULT_DISPUTE_BOND, deployProtocol } from "./protocol";
import { type Clients, deployArtifact, deploySuperfluidFramework } from "./superfluid";

export const LOCAL_CHAIN_ID = 31337;
/** What one faucet drip gives, in the test stablecoin's 6 decimals: enough to buy a few licenses and shares. */
export const FAUCET_DRIP = parseUnits("1000", TEST_USDC.decimals);

/**
 * The local deployment (`npm run dev`, the tests): deploys Superfluid, the USDC-shaped test stablecoin and its wrapper
 * SuperToken, our contracts and, on chain 31337, the faucet. Public chains use `deployProduction` instead.
 */
export async function deployAll(
  clients: Clients,
  options: { rpcUrl: string; devAccounts?: Record<DevRole, Address>; arbiter?: Address },
): Promise<Deployment> {
  const chainId = await clients.publicClient.getChainId();
  const framework = await deploySuperfluidFramework(clients);
  const underlying = await deployTestUsdc(clients);
  const superToken = await createWrapperSuperToken(clients, framework, underlying, {
    underlyingDecimals: TEST_USDC.decimals,
    name: TEST_USDC.superTokenName,
    symbol: TEST_USDC.superTokenSymbol,
  });
  const currency = await readCurrency(clients.publicClient, framework, superToken, underlying);
  // Locally the deployer (the chain's first account) rules on disputes unless another arbiter is given.
  const arbiter = options.arbiter ?? clients.walletClient.account.address;
  const disputes = { arbiter, bond: DEFAULT_DISPUTE_BOND };
  const contracts: Record<string, Address> = await deployProtocol(clients, { currency, disputes });
  if (chainId === LOCAL_CHAIN_ID) {
    contracts.Faucet = await deployArtifact(clients, ourArtifact("contracts/dev/Faucet.sol", "Faucet"), [
      underlying,
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
