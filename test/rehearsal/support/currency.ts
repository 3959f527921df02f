/**
 * The rehearsal's currency, standing in for USDC and Superfluid's USDCx: the USDC-shaped test stablecoin (6 decimals,
 * EIP-3009; no minting off 31337, its whole supply goes to its issuer) wrapped by a SuperToken made by the canonical
 * framework's SuperTokenFactory. Our deploy is given only the two addresses. Users get money the way they would on a
 * public network: the issuer transfers it to them.
 */
import { superTokenAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import { contractWrite, sendWrite, wrapSteps } from "@ipnft/protocol/verbs";
import { type Address, erc20Abi, parseUnits } from "viem";
import { createWrapperSuperToken, deployTestUsdc, TEST_USDC } from "../../../scripts/deploy/currency";
import { clientsFor, type Parties } from "./chain";

/** The issuer creates the stablecoin (holding its whole supply) and its wrapper SuperToken. */
export async function issueCurrency(rpcUrl: string, parties: Parties, superfluid: Deployment["superfluid"]) {
  const clients = clientsFor(rpcUrl, parties.issuer);
  const underlying = await deployTestUsdc(clients, {
    holder: parties.issuer.address,
    initialSupply: parseUnits("1000000", TEST_USDC.decimals),
  });
  const superToken = await createWrapperSuperToken(clients, superfluid, underlying, {
    underlyingDecimals: TEST_USDC.decimals,
    name: TEST_USDC.superTokenName,
    symbol: TEST_USDC.superTokenSymbol,
  });
  return { underlying, superToken };
}

/**
 * The issuer wraps part of its supply and transfers each recipient `amount` of the SuperToken (what the product is
 * paid in) and as much of the stablecoin, as an exchange or a friend would send USDCx and USDC on a public network.
 */
export async function fundByTransfers(
  rpcUrl: string,
  parties: Parties,
  currency: Pick<Deployment["currency"], "underlying" | "superToken">,
  recipients: Address[],
  amount: string,
) {
  const sender = clientsFor(rpcUrl, parties.issuer);
  const deployment = {
    currency: { ...currency, decimals: 18, underlyingDecimals: TEST_USDC.decimals } as Deployment["currency"],
  };
  const stablecoins = parseUnits(amount, TEST_USDC.decimals);
  for (const { request } of wrapSteps(deployment, stablecoins * BigInt(recipients.length))) {
    await sendWrite(sender, request);
  }
  for (const to of recipients) {
    await sendWrite(
      sender,
      contractWrite(currency.superToken, superTokenAbi, "transfer", [to, parseUnits(amount, 18)]),
    );
    await sendWrite(sender, contractWrite(currency.underlying, erc20Abi, "transfer", [to, stablecoins]));
  }
}
