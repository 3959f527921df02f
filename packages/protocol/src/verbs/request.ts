import type {
  Abi,
  Account,
  Address,
  ContractFunctionArgs,
  ContractFunctionName,
  PublicClient,
  TransactionReceipt,
  WalletClient,
} from "viem";
import type { Deployment } from "../deployment";

/**
 * What every verb builds: a contract write as viem's `writeContract` and `simulateContract` and wagmi's
 * `writeContract` take it. The verbs type-check function names and arguments against the generated ABIs; callers
 * that only pass requests along (a transactor, a script's sender) need no more than this shape.
 */
export interface ContractWrite {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
}

type Writable = "nonpayable" | "payable";

/** A write whose function name and arguments are checked against `abi` at compile time. */
export function contractWrite<const abi extends Abi, name extends ContractFunctionName<abi, Writable>>(
  address: Address,
  abi: abi,
  functionName: name,
  args: ContractFunctionArgs<abi, Writable, name>,
) {
  return { address, abi, functionName, args };
}

/** One transaction of a sequence, named so that a caller can tell people what it does. */
export interface Step<Name extends string = string> {
  step: Name;
  request: ContractWrite;
}

/** The contracts of ours a deployment names. */
export type ContractName =
  | "IPRegistry"
  | "LicenseTerms"
  | "LicenseToken"
  | "RoyaltyPools"
  | "UsageMeter"
  | "Datasets"
  | "Disputes"
  | "Faucet";

/** The address of one of our contracts; throws a sentence when the deployment has none. */
export function contractAddress(deployment: Pick<Deployment, "chainId" | "contracts">, name: ContractName): Address {
  const address = deployment.contracts[name];
  if (!address) throw new Error(`${name} is not deployed on chain ${deployment.chainId}.`);
  return address;
}

/**
 * The reads the verbs make. Any viem public client (a script's, a test chain's, wagmi's `usePublicClient`) has them;
 * unit tests hand in a stub.
 */
export type ChainReader = Pick<PublicClient, "readContract" | "getContractEvents" | "getBlock">;

/** A wallet that sends as `account` (or as its own account) and a client that waits for the receipt. */
export interface Sender {
  publicClient: Pick<PublicClient, "waitForTransactionReceipt">;
  walletClient: Pick<WalletClient, "writeContract" | "chain" | "account">;
  account?: Address | Account;
}

/**
 * Sends one verb's request and waits for it to be mined, for scripts and tests (the app sends through `useTx`).
 * Throws when the transaction reverts, naming the function.
 */
export async function sendWrite(sender: Sender, request: ContractWrite): Promise<TransactionReceipt> {
  const { publicClient, walletClient } = sender;
  const account = sender.account ?? walletClient.account;
  const hash = await walletClient.writeContract({ ...request, account, chain: walletClient.chain } as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${request.functionName} reverted (${hash})`);
  return receipt;
}

/** Sends a sequence's steps in order, each mined before the next is sent; returns the receipts in order. */
export async function sendSteps(sender: Sender, steps: readonly Step[]): Promise<TransactionReceipt[]> {
  const receipts: TransactionReceipt[] = [];
  for (const { request } of steps) receipts.push(await sendWrite(sender, request));
  return receipts;
}
