/**
 * The rehearsal's currency, standing in for USDC and Superfluid's USDCx: a stablecoin issued by its own party and
 * wrapped by a SuperToken made by the canonical framework's SuperTokenFactory. Our deploy is given only the
 * SuperToken's address. Users get money the way they would on a public network: the issuer transfers it to them.
 */

import { superTokenAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import { contractWrite, mintTestCurrency, sendWrite, wrapSteps } from "@ipnft/protocol/verbs";
import { type Address, parseUnits } from "viem";
import { deployWrapperSuperToken, type SuperfluidFramework } from "../../../scripts/deploy/superfluid";
import { clientsFor, type Parties } from "./chain";

export const CURRENCY = { name: "Rehearsal USD", symbol: "rUSD", decimals: 18 } as const;

type Currency = Pick<Deployment["currency"], "underlying" | "superToken">;

/** The issuer creates the stablecoin and its wrapper SuperToken. */
export async function issueCurrency(rpcUrl: string, parties: Parties, framework: SuperfluidFramework) {
  return deployWrapperSuperToken(clientsFor(rpcUrl, parties.issuer), framework, {
    ...CURRENCY,
    mintLimit: parseUnits("1000000000", CURRENCY.decimals),
  });
}

/**
 * The issuer mints to itself, wraps, and transfers each recipient `amount` of the SuperToken (what the product is
 * paid in), as an exchange or a friend would send USDCx on a public network.
 */
export async function fundByTransfers(
  rpcUrl: string,
  parties: Parties,
  currency: Currency,
  recipients: Address[],
  amount: string,
) {
  const sender = clientsFor(rpcUrl, parties.issuer);
  const each = parseUnits(amount, CURRENCY.decimals);
  const total = each * BigInt(recipients.length);
  const deployment = { currency: currency as Deployment["currency"] };
  await sendWrite(sender, mintTestCurrency(deployment, parties.issuer.address, total));
  for (const { request } of wrapSteps(deployment, total)) await sendWrite(sender, request);
  for (const to of recipients) {
    await sendWrite(sender, contractWrite(currency.superToken, superTokenAbi, "transfer", [to, each]));
  }
}
