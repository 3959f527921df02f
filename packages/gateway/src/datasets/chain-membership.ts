import { datasetsAbi } from "@ipnft/protocol/abis";
import type { Address } from "viem";
import type { GatewayContext } from "../context";
import type { Dataset, DatasetMember, DatasetMembership } from "./membership";

/**
 * Dataset membership read from the chain: the dataset contract has no list of members, so the list is folded from
 * its MemberAdded and MemberRemoved events (the same events its members commitment is built from), read once and then
 * only for the blocks since; the curator, share and a removed member's removal time come from its views at the block
 * asked. An IP the contract never opened as a dataset is no dataset.
 */
interface Folded {
  toBlock: bigint;
  members: Map<bigint, { weight: bigint; addedBlock: bigint; removedBlock: bigint }>;
}

const byContext = new WeakMap<GatewayContext, DatasetMembership>();

export function membershipOf(ctx: GatewayContext): DatasetMembership {
  let membership = byContext.get(ctx);
  if (!membership) {
    membership = chainMembership(ctx);
    byContext.set(ctx, membership);
  }
  return membership;
}

function chainMembership(ctx: GatewayContext): DatasetMembership {
  const address = ctx.deployment.contracts.Datasets as Address | undefined;
  const folded = new Map<bigint, Folded>();
  const pending = new Map<bigint, Promise<Folded>>();
  const fromBlock = BigInt(ctx.deployment.startBlock);

  /** Folds the events of `ipId` up to `block` into its member map; one fold at a time per dataset. */
  async function fold(datasetId: bigint, contract: Address, block: bigint): Promise<Folded> {
    const previous = (await pending.get(datasetId)?.catch(() => undefined)) ?? folded.get(datasetId);
    const state: Folded = previous ?? { toBlock: fromBlock - 1n, members: new Map() };
    if (block <= state.toBlock) return state;
    const range = { address: contract, abi: datasetsAbi, args: { datasetId }, fromBlock: state.toBlock + 1n };
    const [added, removed] = await Promise.all([
      ctx.client.getContractEvents({ ...range, eventName: "MemberAdded", toBlock: block }),
      ctx.client.getContractEvents({ ...range, eventName: "MemberRemoved", toBlock: block }),
    ]);
    const events = [
      ...added.map((e) => ({ e, weight: BigInt(e.args.weight ?? 0), added: true })),
      ...removed.map((e) => ({ e, weight: 0n, added: false })),
    ].sort((a, b) =>
      a.e.blockNumber === b.e.blockNumber ? a.e.logIndex - b.e.logIndex : a.e.blockNumber < b.e.blockNumber ? -1 : 1,
    );
    const members = new Map(state.members);
    for (const { e, weight, added: isAddition } of events) {
      const ipId = e.args.memberIpId as bigint;
      if (isAddition) members.set(ipId, { weight, addedBlock: e.blockNumber, removedBlock: 0n });
      else {
        const member = members.get(ipId);
        if (member) members.set(ipId, { ...member, removedBlock: e.blockNumber });
      }
    }
    return { toBlock: block, members };
  }

  return {
    async dataset(ipId, block) {
      if (!address) return undefined;
      const read = { address, abi: datasetsAbi, blockNumber: block } as const;
      const info = await ctx.client.readContract({ ...read, functionName: "datasetOf", args: [ipId] });
      if (/^0x0{40}$/i.test(info.pool)) return undefined;
      const work = fold(ipId, address, block);
      pending.set(ipId, work);
      const state = await work.finally(() => pending.get(ipId) === work && pending.delete(ipId));
      if (state.toBlock >= (folded.get(ipId)?.toBlock ?? -1n)) folded.set(ipId, state);
      const members = await Promise.all(
        [...state.members].map(async ([memberIpId, m]): Promise<DatasetMember> => {
          if (m.removedBlock === 0n) return { ipId: memberIpId, ...m, removedAt: 0 };
          const place = await ctx.client.readContract({ ...read, functionName: "memberOf", args: [ipId, memberIpId] });
          return { ipId: memberIpId, ...m, removedAt: Number(place.removedAt) };
        }),
      );
      const dataset: Dataset = { ipId, curator: info.curator, curatorShareBps: Number(info.curatorBps), members };
      return dataset;
    },
  };
}
