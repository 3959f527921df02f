import type { Address } from "viem";
import type { Deployment } from "../deployment";
import type { ChainReader } from "./request";

/** Test support for the verbs' unit tests (no chain): a deployment with recognisable addresses and a stub reader. */

export const at = (n: number): Address => `0x${n.toString(16).padStart(40, "0")}`;

export const deployment: Deployment = {
  chainId: 31337,
  rpcUrl: "http://127.0.0.1:8545",
  startBlock: 7,
  superfluid: {
    host: at(0x51),
    cfa: at(0x52),
    gda: at(0x53),
    superTokenFactory: at(0x54),
    resolver: at(0x55),
    cfaV1Forwarder: at(0x56),
    gdaV1Forwarder: at(0x57),
    macroForwarder: at(0x58),
  },
  currency: {
    underlying: at(0xc1),
    underlyingSymbol: "tUSDC",
    underlyingDecimals: 6,
    underlyingEip712: { name: "Test USD Coin", version: "2" },
    superToken: at(0xc2),
    superTokenSymbol: "tUSDCx",
    decimals: 18,
  },
  contracts: {
    IPRegistry: at(0xa1),
    LicenseTerms: at(0xa2),
    LicenseToken: at(0xa3),
    RoyaltyPools: at(0xa4),
    UsageMeter: at(0xa5),
    Faucet: at(0xa6),
    Datasets: at(0xa7),
  },
};

type Call = { address: Address; functionName: string; args?: readonly unknown[]; blockNumber?: bigint };
type Query = { address: Address; eventName: string; args?: Record<string, unknown>; fromBlock?: bigint };

/**
 * A reader that answers `readContract` from `reads[functionName](args, call)` and `getContractEvents` from
 * `events[eventName]`, recording every call so a test can check what was asked.
 */
export function stubReader(
  reads: Record<string, (args: readonly unknown[], call: Call) => unknown>,
  events: Record<string, Array<{ args: Record<string, unknown> }>> = {},
) {
  const calls: Call[] = [];
  const queries: Query[] = [];
  const reader = {
    readContract: async (call: Call) => {
      calls.push(call);
      const answer = reads[call.functionName];
      if (!answer) throw new Error(`unexpected read ${call.functionName}`);
      return answer(call.args ?? [], call);
    },
    getContractEvents: async (query: Query) => {
      queries.push(query);
      return events[query.eventName] ?? [];
    },
    getBlock: async () => ({ number: 100n, timestamp: 1_700_000_000n }),
  };
  return { client: reader as unknown as ChainReader, calls, queries };
}
