import { encodeAbiParameters, type Hex, keccak256, zeroHash } from "viem";
import { describe, expect, it } from "vitest";
import {
  MEMBER_ADDED,
  MEMBER_REMOVED,
  type MemberChange,
  nextCommitment,
  replayMembers,
  verifyDatasetMembers,
} from "./datasets-commitment";
import { deployment, stubReader } from "./test-chain";

const cid = (n: number): Hex => `0x01551220${n.toString(16).padStart(64, "0")}`;
const added = (ipId: bigint, weight: number): MemberChange => ({
  op: MEMBER_ADDED,
  ipId,
  contentCid: cid(Number(ipId)),
  weight,
});
const removed = (ipId: bigint): MemberChange => ({
  op: MEMBER_REMOVED,
  ipId,
  contentCid: cid(Number(ipId)),
  weight: 0,
});

/** The chain of commitments the contract would record for `changes`. */
function withCommitments(changes: MemberChange[]): MemberChange[] {
  let c: Hex = zeroHash;
  return changes.map((change) => {
    c = nextCommitment(c, change);
    return { ...change, commitment: c };
  });
}

describe("the member commitment", () => {
  it("is keccak256(abi.encode(previous, op, ipId, keccak256(cid), weight)), as the contract computes it", () => {
    const expected = keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "uint8" }, { type: "uint256" }, { type: "bytes32" }, { type: "uint32" }],
        [zeroHash, 1, 5n, keccak256(cid(5)), 3],
      ),
    );
    expect(nextCommitment(zeroHash, added(5n, 3))).toBe(expected);
  });

  it("replays additions and removals into the members left, in order", () => {
    const replay = replayMembers(withCommitments([added(1n, 1), added(2n, 2), removed(1n), added(3n, 3)]));
    expect(replay.ok).toBe(true);
    expect(replay.members.map((m) => [m.ipId, m.weight])).toEqual([
      [2n, 2],
      [3n, 3],
    ]);
  });

  it("depends on the order and the weights: a list with a changed weight does not verify", () => {
    const honest = withCommitments([added(1n, 1), added(2n, 2)]);
    const tampered = honest.map((c, i) => (i === 0 ? { ...c, weight: 5 } : c));
    const replay = replayMembers(tampered);
    expect(replay.ok).toBe(false);
    if (!replay.ok) expect(replay.problem).toMatch(/change 0 \(#1\) records commitment/);
  });

  it("refuses a work added twice or removed while not a member", () => {
    expect(replayMembers([added(1n, 1), added(1n, 1)])).toMatchObject({ ok: false, problem: /adds #1 twice/ });
    expect(replayMembers([removed(4n)])).toMatchObject({ ok: false, problem: /removes #4, which is not a member/ });
  });
});

describe("verifying a dataset from the chain", () => {
  const events = (changes: MemberChange[]) => {
    const logs = withCommitments(changes).map((c, i) => ({
      blockNumber: 10n + BigInt(i),
      logIndex: 0,
      op: c.op,
      args: { memberIpId: c.ipId, contentCid: c.contentCid, weight: c.weight, commitment: c.commitment },
    }));
    return {
      MemberAdded: logs.filter((l) => l.op === MEMBER_ADDED),
      MemberRemoved: logs.filter((l) => l.op === MEMBER_REMOVED),
    };
  };

  it("interleaves the two event kinds in chain order and agrees with the contract's commitment", async () => {
    const changes = [added(1n, 1), removed(1n), added(2n, 4)];
    const onChain = withCommitments(changes).at(-1)?.commitment as Hex;
    const { client, queries } = stubReader({ membersCommitment: () => onChain }, events(changes));
    const result = await verifyDatasetMembers(client, deployment, 9n);
    expect(result).toMatchObject({ ok: true, onChain, commitment: onChain });
    expect(result.members.map((m) => m.ipId)).toEqual([2n]);
    expect(queries.every((q) => q.args?.datasetId === 9n && q.fromBlock === 7n)).toBe(true);
  });

  it("fails when the events leave out a change the contract committed to", async () => {
    const changes = [added(1n, 1), added(2n, 2)];
    const onChain = withCommitments([...changes, added(3n, 3)]).at(-1)?.commitment as Hex;
    const { client } = stubReader({ membersCommitment: () => onChain }, events(changes));
    const result = await verifyDatasetMembers(client, deployment, 9n);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(/the contract holds/);
  });
});
