import { superTokenAbi, testUSDCAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import type { Abi, Address, PublicClient } from "viem";
import { decodeEventLog, getAddress, isAddressEqual } from "viem";
import { ourArtifact, superfluidArtifact } from "./artifacts";
import { type Clients, deployArtifact } from "./superfluid";

/** The local chain's USDC-shaped test stablecoin and its wrapper SuperToken (what USDC and USDCx are elsewhere). */
export const TEST_USDC = {
  name: "Test USD Coin",
  symbol: "tUSDC",
  decimals: 6,
  superTokenName: "Super Test USD Coin",
  superTokenSymbol: "tUSDCx",
} as const;

const superTokenFactoryAbi = superfluidArtifact("interfaces/superfluid/ISuperTokenFactory.sol/ISuperTokenFactory").abi;
const hostAbi = superfluidArtifact("interfaces/superfluid/ISuperfluid.sol/ISuperfluid").abi;
const proxiableAbi = superfluidArtifact("upgradability/UUPSProxiable.sol/UUPSProxiable").abi;
/** The stablecoin's ERC-20 metadata and EIP-712 `version()`, as USDC and the test token both have them. */
const stablecoinAbi = testUSDCAbi;

/** Superfluid's `Upgradability.SEMI_UPGRADABLE`: the token's logic follows the factory's, under governance. */
const SEMI_UPGRADABLE = 1;

/**
 * Deploys the USDC-shaped test stablecoin (6 decimals, EIP-3009, EIP-712 version "2"). `initialSupply` goes to
 * `holder` on any chain; only chain 31337 can mint more (the faucet).
 */
export async function deployTestUsdc(
  clients: Clients,
  options: { holder?: Address; initialSupply?: bigint } = {},
): Promise<Address> {
  const holder = options.holder ?? clients.walletClient.account.address;
  return deployArtifact(clients, ourArtifact("contracts/dev/TestUSDC.sol", "TestUSDC"), [
    TEST_USDC.name,
    TEST_USDC.symbol,
    holder,
    options.initialSupply ?? 0n,
  ]);
}

/** Creates the wrapper SuperToken of `underlying` through the framework's real SuperTokenFactory. */
export async function createWrapperSuperToken(
  { publicClient, walletClient }: Clients,
  superfluid: Pick<Deployment["superfluid"], "superTokenFactory">,
  underlying: Address,
  token: { underlyingDecimals: number; name: string; symbol: string },
): Promise<Address> {
  const hash = await walletClient.writeContract({
    address: superfluid.superTokenFactory,
    abi: superTokenFactoryAbi,
    functionName: "createERC20Wrapper",
    args: [underlying, token.underlyingDecimals, SEMI_UPGRADABLE, token.name, token.symbol],
    account: walletClient.account,
    chain: walletClient.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`creating SuperToken ${token.symbol} reverted (tx ${hash})`);
  for (const log of receipt.logs) {
    if (!isAddressEqual(log.address, superfluid.superTokenFactory)) continue;
    try {
      const event = decodeEventLog({ abi: superTokenFactoryAbi, data: log.data, topics: log.topics });
      if (event.eventName === "SuperTokenCreated")
        return getAddress((event.args as unknown as { token: Address }).token);
    } catch {
      // another factory event
    }
  }
  throw new Error(`the SuperTokenFactory did not report creating ${token.symbol} (tx ${hash})`);
}

/** Thrown when the configured currency is not what the deployment needs; nothing has been sent when it is. */
export class CurrencyError extends Error {}

/**
 * Reads and checks the payment currency on chain, before anything is deployed: `superToken` must be a SuperToken of
 * this Superfluid host (its `getHost()` is the host and its logic is the host factory's SuperToken logic) wrapping an
 * ERC-20 (`expectedUnderlying`, when given, e.g. USDC on a public chain). Returns the deployment's `currency`: both
 * tokens' symbols and decimals, and the stablecoin's EIP-712 name and version (for EIP-3009 / x402 signatures).
 */
export async function readCurrency(
  publicClient: PublicClient,
  superfluid: Pick<Deployment["superfluid"], "host">,
  superToken: Address,
  expectedUnderlying?: Address,
): Promise<Deployment["currency"]> {
  const code = await publicClient.getCode({ address: superToken });
  if (!code || code === "0x") throw new CurrencyError(`the currency ${superToken} has no code on this chain`);
  const read = async <T>(address: Address, abi: Abi, functionName: string): Promise<T | undefined> => {
    try {
      return (await publicClient.readContract({ address, abi, functionName, args: [] })) as T;
    } catch {
      return undefined;
    }
  };
  const host = await read<Address>(superToken, superTokenAbi, "getHost");
  if (!host || !isAddressEqual(host, superfluid.host)) {
    throw new CurrencyError(
      `the currency ${superToken} is not a SuperToken of the Superfluid host ${superfluid.host}` +
        (host ? ` (its host is ${host})` : " (it has no getHost())"),
    );
  }
  const factory = await read<Address>(superfluid.host, hostAbi, "getSuperTokenFactory");
  const logic = factory && (await read<Address>(factory, superTokenFactoryAbi, "getSuperTokenLogic"));
  const codeAddress = await read<Address>(superToken, proxiableAbi, "getCodeAddress");
  if (!logic || !codeAddress || !isAddressEqual(logic, codeAddress)) {
    throw new CurrencyError(
      `the currency ${superToken} does not run the host's SuperToken logic ${logic ?? "(unknown)"} ` +
        `(its logic is ${codeAddress ?? "unknown"}): it is not a SuperToken created by this host's factory`,
    );
  }
  const underlying = await read<Address>(superToken, superTokenAbi, "getUnderlyingToken");
  if (!underlying || isAddressEqual(underlying, "0x0000000000000000000000000000000000000000")) {
    throw new CurrencyError(`the currency ${superToken} is a SuperToken without an underlying stablecoin`);
  }
  if (expectedUnderlying && !isAddressEqual(underlying, expectedUnderlying)) {
    throw new CurrencyError(
      `the currency ${superToken} wraps ${getAddress(underlying)}, not the configured underlying ` +
        `${getAddress(expectedUnderlying)} ` +
        "(CURRENCY_UNDERLYING)",
    );
  }
  const [decimals, superTokenSymbol, underlyingDecimals, underlyingSymbol, name, version] = await Promise.all([
    read<number>(superToken, superTokenAbi, "decimals"),
    read<string>(superToken, superTokenAbi, "symbol"),
    read<number>(underlying, stablecoinAbi, "decimals"),
    read<string>(underlying, stablecoinAbi, "symbol"),
    read<string>(underlying, stablecoinAbi, "name"),
    read<string>(underlying, stablecoinAbi, "version"),
  ]);
  if (decimals === undefined || underlyingDecimals === undefined || !superTokenSymbol || !underlyingSymbol) {
    throw new CurrencyError(`the currency ${superToken} or its underlying ${underlying} lacks ERC-20 metadata`);
  }
  if (!name || !version) {
    throw new CurrencyError(
      `the underlying ${underlying} has no EIP-712 name() and version(): it cannot take EIP-3009 payments (x402)`,
    );
  }
  return {
    underlying: getAddress(underlying),
    underlyingSymbol,
    underlyingDecimals: Number(underlyingDecimals),
    underlyingEip712: { name, version },
    superToken: getAddress(superToken),
    superTokenSymbol,
    decimals: Number(decimals),
  };
}
