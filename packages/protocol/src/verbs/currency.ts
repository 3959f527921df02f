import type { Address } from "viem";
import type { Deployment } from "../deployment";
import { toSuperTokenAmount } from "../format";
import { faucetAbi, gdaV1ForwarderAbi, superTokenAbi, testUSDCAbi } from "../generated/abis";
import { type ChainReader, contractAddress, contractWrite, type Step } from "./request";

/**
 * The payment currency: the SuperToken every fee, share sale and stream is paid in (18 decimals), the stablecoin it
 * wraps (USDC or the local USDC-shaped test token: `currency.underlyingDecimals`, 6), and (on the local chain) the
 * faucet that hands the stablecoin out. Verbs that move the stablecoin take amounts in ITS decimals; verbs that move
 * the SuperToken take amounts in 18 decimals (`format.ts` converts).
 */

type CurrencyOf = Pick<Deployment, "currency">;

/** The stablecoin's ERC-20 functions: the test token's ABI is USDC's for everything the product calls. */
const stablecoinAbi = testUSDCAbi;

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

/** Local chain (tests): mints `amount` of the test stablecoin (its 6 decimals; capped per call) to `to`. */
export function mintTestCurrency(deployment: CurrencyOf, to: Address, amount: bigint) {
  return contractWrite(deployment.currency.underlying, testUSDCAbi, "mint", [to, amount]);
}

/** Wraps `underlyingAmount` of the stablecoin (its decimals) into the SuperToken (its `upgrade`, in 18 decimals). */
export function wrap(deployment: CurrencyOf, underlyingAmount: bigint) {
  const amount = toSuperTokenAmount(deployment.currency, underlyingAmount);
  return contractWrite(deployment.currency.superToken, superTokenAbi, "upgrade", [amount]);
}

/**
 * Unwraps `amount` of the SuperToken (18 decimals) back into the stablecoin (its `downgrade`). The SuperToken pays
 * out whole stablecoin units: a remainder below one unit (10^12 wei for USDC) stays wrapped.
 */
export function unwrap(deployment: CurrencyOf, amount: bigint) {
  return contractWrite(deployment.currency.superToken, superTokenAbi, "downgrade", [amount]);
}

/**
 * Wrapping `underlyingAmount` of the stablecoin (its decimals), preceded by letting the SuperToken take it unless
 * `allowance` (in the stablecoin's decimals) already covers it.
 */
export function wrapSteps(
  deployment: CurrencyOf,
  underlyingAmount: bigint,
  allowance?: bigint,
): Step<"approve" | "wrap">[] {
  const { underlying, superToken } = deployment.currency;
  const steps: Step<"approve" | "wrap">[] = [];
  if (allowance === undefined || allowance < underlyingAmount) {
    const request = contractWrite(underlying, stablecoinAbi, "approve", [superToken, underlyingAmount]);
    steps.push({ step: "approve", request });
  }
  steps.push({ step: "wrap", request: wrap(deployment, underlyingAmount) });
  return steps;
}

/** Local chain: a faucet drip to `account`, then `wrapped` of it (stablecoin decimals) wrapped into the SuperToken. */
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

/**
 * The account's balances: the stablecoin (its decimals), the SuperToken (18 decimals), and what the SuperToken may
 * take of the stablecoin (its decimals).
 */
export async function currencyBalances(client: ChainReader, deployment: CurrencyOf, account: Address) {
  const { underlying, superToken } = deployment.currency;
  const [stablecoin, wrapped, wrapAllowance] = await Promise.all([
    client.readContract({ address: underlying, abi: stablecoinAbi, functionName: "balanceOf", args: [account] }),
    client.readContract({ address: superToken, abi: superTokenAbi, functionName: "balanceOf", args: [account] }),
    client.readContract({
      address: underlying,
      abi: stablecoinAbi,
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
