import { licenseTokenAbi } from "@ipnft/protocol/abis";
import { type Use, useCode } from "@ipnft/protocol/terms";
import type { Address, PublicClient } from "viem";

/**
 * Authorization: the on-chain `LicenseToken.hasAccess(ipId, account, use)`, read at the latest block and
 * cached for that block only.
 *
 * Why keyed to the block rather than kept until an event arrives: everything that can end access
 * (a license bought or moved, a stream stopped or liquidated, usage going unpaid, a license expiring
 * because time moved on) only happens in a new block, and some of it emits no event of ours (expiry is
 * just the clock; a Superfluid liquidation is emitted by the protocol). A new block therefore
 * invalidates every answer at once, so a stopped stream ends access at the very block that stops it,
 * while a busy client pays one `eth_call` per block instead of one per file. Concurrent requests share
 * one block-number lookup and one `hasAccess` call.
 */
export interface AccessVerdict {
  allowed: boolean;
  /** The license that grants the use (0 when none does): what usage is metered against. */
  licenseId: bigint;
  block: bigint;
}

export interface AccessChecker {
  check(ipId: bigint, account: Address, use: Use): Promise<AccessVerdict>;
  /** The latest block number, shared by concurrent callers. */
  latestBlock(): Promise<bigint>;
}

export function createAccessChecker(options: {
  client: PublicClient;
  licenseToken: Address;
  /**
   * How long a block number may be reused, in ms. 0 (the default) asks the node on every request, so
   * access ends at the exact block; a few hundred ms trades that for fewer round trips on a chain with
   * slower blocks.
   */
  blockNumberTtlMs?: number;
}): AccessChecker {
  const { client, licenseToken } = options;
  const ttl = options.blockNumberTtlMs ?? 0;
  let blockLookup: { at: number; value: Promise<bigint> } | undefined;
  let blockLookupPending = false;
  let cacheBlock = -1n;
  let cache = new Map<string, Promise<AccessVerdict>>();

  function latestBlock(): Promise<bigint> {
    const now = Date.now();
    if (blockLookup && (now - blockLookup.at <= ttl || blockLookupPending)) return blockLookup.value;
    blockLookupPending = true;
    const value = client.getBlockNumber({ cacheTime: 0 }).finally(() => {
      blockLookupPending = false;
    });
    blockLookup = { at: now, value };
    return value;
  }

  async function read(ipId: bigint, account: Address, use: Use, block: bigint): Promise<AccessVerdict> {
    const args = [ipId, account, useCode[use]] as const;
    const [allowed, licenseId] = await Promise.all([
      client.readContract({
        address: licenseToken,
        abi: licenseTokenAbi,
        functionName: "hasAccess",
        args,
        blockNumber: block,
      }),
      client.readContract({
        address: licenseToken,
        abi: licenseTokenAbi,
        functionName: "findLicense",
        args,
        blockNumber: block,
      }),
    ]);
    // hasAccess is the rule; findLicense only names the license, and must agree.
    return { allowed: allowed && licenseId !== 0n, licenseId: allowed ? licenseId : 0n, block };
  }

  return {
    latestBlock,
    async check(ipId, account, use) {
      const block = await latestBlock();
      if (block !== cacheBlock) {
        if (block < cacheBlock) return read(ipId, account, use, block); // a stale lookup raced a newer one
        cacheBlock = block;
        cache = new Map();
      }
      const key = `${ipId}:${account.toLowerCase()}:${use}`;
      let verdict = cache.get(key);
      if (!verdict) {
        verdict = read(ipId, account, use, block);
        verdict.catch(() => cache.get(key) === verdict && cache.delete(key));
        cache.set(key, verdict);
      }
      return verdict;
    },
  };
}
