import type { Address } from "viem";
import type { Deployment } from "../deployment";
import { faucetAbi, gdaV1ForwarderAbi, superTokenAbi, testTokenAbi } from "../generated/abis";
import { type ChainReader, contractAddress, contractWrite, type Step } from "./request";

/**
 * The payment currency: the SuperToken every fee, share sale and stream is paid in, the stablecoin it wraps, and
 * (on the local chain) the faucet that hands the stablecoin out.
 */

type CurrencyOf = Pick<Deployment, "currency">;

/** Lets `spender` take up to `amount` of the caller's SuperTokens. */
export function approveCurrency(deployment: CurrencyOf, spender: Address, amount: bigint) {
  return contractWrite(deployment.currency.superToken, superTokenAbi, "approve", [spender, amount]);
}

/**
 * A call that takes the caller's SuperTokens, preceded by the approval it needs: none when `allowance` (what
 * `spender` may take now, when known) already covers `amount` or nothing is taken.
 */
export function withApproval<Name extends string>(
  deployment: CurrencyOf,
  approval: { spender: Address; amount: bigint; allowance?: bigint },
  call: Step<Name>,
): Step<Name | "approve">[] {
  const { spender, amount, allowance } = approval;
  const covered = amount === 0n || (allowance !== undefined && allowance >= amount);
  return covered ? [call] : [{ step: "approve", request: approveCurrency(deployment, spender, amount) }, call];
}

/** Local chain: mints the faucet's fixed amount of the test stablecoin to `to`. */
export function drip(deployment: Pick<Deployment, "chainId" | "contracts">, to: Address) {
  return contractWrite(contractAddress(deployment, "Faucet"), faucetAbi, "drip", [to]);
}

/** Local chain (tests): mints any amount of the test stablecoin to `to`. */
export function mintTestCurrency(deployment: CurrencyOf, to: Address, amount: bigint) {
  return contractWrite(deployment.currency.underlying, testTokenAbi, "mint", [to, amount]);
}

/** Wraps `amount` of the stablecoin into the SuperToken (its `upgrade`). */
export function wrap(deployment: CurrencyOf, amount: bigint) {
  return contractWrite(deployment.currency.superToken, superTokenAbi, "upgrade", [amount]);
}

/** Wrapping, preceded by letting the SuperToken take the stablecoin unless `allowance` already covers it. */
export function wrapSteps(deployment: CurrencyOf, amount: bigint, allowance?: bigint): Step<"approve" | "wrap">[] {
  const { underlying, superToken } = deployment.currency;
  const steps: Step<"approve" | "wrap">[] = [];
  if (allowance === undefined || allowance < amount) {
    steps.push({ step: "approve", request: contractWrite(underlying, testTokenAbi, "approve", [superToken, amount]) });
  }
  steps.push({ step: "wrap", request: wrap(deployment, amount) });
  return steps;
}

/** Local chain: a faucet drip to `account`, then `wrapped` of it wrapped into the SuperToken. */
export function faucetSteps(
  deployment: Deployment,
  account: Address,
  wrapped: bigint,
): Step<"drip" | "approve" | "wrap">[] {
  return [{ step: "drip", request: drip(deployment, account) }, ...wrapSteps(deployment, wrapped)];
}

/** What `spender` may take of `owner`'s SuperTokens now. */
export function currencyAllowance(client: ChainReader, deployment: CurrencyOf, owner: Address, spender: Address) {
  return client.readContract({
    address: deployment.currency.superToken,
    abi: superTokenAbi,
    functionName: "allowance",
    args: [owner, spender],
  });
}

/** The account's SuperToken balance (at the latest block's start; `liveBalance` for the real-time figure). */
export function wrappedBalance(client: ChainReader, deployment: CurrencyOf, account: Address) {
  return client.readContract({
    address: deployment.currency.superToken,
    abi: superTokenAbi,
    functionName: "balanceOf",
    args: [account],
  });
}

/** The account's balances: the stablecoin, the SuperToken, and what the SuperToken may take of the stablecoin. */
export async function currencyBalances(client: ChainReader, deployment: CurrencyOf, account: Address) {
  const { underlying, superToken } = deployment.currency;
  const [stablecoin, wrapped, wrapAllowance] = await Promise.all([
    client.readContract({ address: underlying, abi: testTokenAbi, functionName: "balanceOf", args: [account] }),
    client.readContract({ address: superToken, abi: superTokenAbi, functionName: "balanceOf", args: [account] }),
    client.readContract({
      address: underlying,
      abi: testTokenAbi,
      functionName: "allowance",
      args: [account, superToken],
    }),
  ]);
  return { stablecoin, wrapped, wrapAllowance };
}

/** A balance as it moves: the real-time SuperToken balance and the net flow rate (wei a second) at one block. */
export interface BalanceReading {
  amount: bigint;
  flowRate: bigint;
  /** The block's time, seconds. */
  timestamp: bigint;
}

/**
 * The account's SuperToken balance as it moves at the latest block: everything streamed to a connected holder or
 * out of a licensee lands here, so this is the number that ticks.
 */
export async function liveBalance(
  client: ChainReader,
  deployment: Deployment,
  account: Address,
): Promise<BalanceReading> {
  const block = await client.getBlock();
  const { superToken } = deployment.currency;
  const at = { blockNumber: block.number };
  const [[available], netFlow] = await Promise.all([
    client.readContract({
      address: superToken,
      abi: superTokenAbi,
      functionName: "realtimeBalanceOf",
      args: [account, block.timestamp],
      ...at,
    }),
    client.readContract({
      address: deployment.superfluid.gdaV1Forwarder,
      abi: gdaV1ForwarderAbi,
      functionName: "getNetFlow",
      args: [superToken, account],
      ...at,
    }),
  ]);
  return { amount: available, flowRate: BigInt(netFlow), timestamp: block.timestamp };
}
