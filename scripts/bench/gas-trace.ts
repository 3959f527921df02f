/**
 * Where a transaction's gas goes: replays it with `debug_traceTransaction` (opcode struct logs) and returns its
 * external calls as a tree, each with the gas it used inclusive of everything it called, plus the transaction's
 * own overhead (intrinsic gas: 21,000 + calldata). Used by the benches to print breakdowns that explain a figure.
 */
import type { Address, Hex, PublicClient } from "viem";

interface StructLog {
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  stack?: string[];
  memory?: string[];
}

export interface CallNode {
  /** CALL, STATICCALL, DELEGATECALL, ... */
  kind: string;
  to: Address;
  selector: Hex | undefined;
  /** Gas used by the call, inclusive of its sub-calls and of the calling opcode's own cost (cold access, value). */
  gas: number;
  children: CallNode[];
}

const CALLS = new Set(["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"]);

function word(stack: string[], fromTop: number): bigint {
  return BigInt(stack[stack.length - 1 - fromTop]);
}

function selectorAt(memory: string[] | undefined, offset: bigint, size: bigint): Hex | undefined {
  if (!memory || size < 4n) return undefined;
  const hex = memory.map((m) => m.replace(/^0x/, "")).join("");
  const start = Number(offset) * 2;
  return `0x${hex.slice(start, start + 8)}` as Hex;
}

/** The call tree of transaction `hash` (its root is the transaction itself, `gas` = gas used minus intrinsic). */
export async function traceCalls(
  client: PublicClient,
  hash: Hex,
): Promise<{ intrinsic: number; root: CallNode; total: number }> {
  const receipt = await client.getTransactionReceipt({ hash });
  const tx = await client.getTransaction({ hash });
  const trace = (await client.request({
    method: "debug_traceTransaction" as never,
    params: [hash, { disableStorage: true, enableMemory: true, disableMemory: false, disableStack: false }] as never,
  })) as { structLogs: StructLog[] };
  const logs = trace.structLogs;
  const root: CallNode = {
    kind: "TX",
    to: tx.to as Address,
    selector: tx.input.slice(0, 10) as Hex,
    gas: 0,
    children: [],
  };
  const stack: CallNode[] = [root];
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i];
    if (!CALLS.has(log.op) || !log.stack) continue;
    const withValue = log.op === "CALL" || log.op === "CALLCODE";
    const to = `0x${word(log.stack, 1).toString(16).padStart(40, "0")}` as Address;
    const argsOffset = word(log.stack, withValue ? 3 : 2);
    const argsSize = word(log.stack, withValue ? 4 : 3);
    let j = i + 1;
    while (j < logs.length && logs[j].depth > log.depth) j++;
    const after = j < logs.length ? logs[j].gas : log.gas - log.gasCost;
    const node: CallNode = {
      kind: log.op,
      to,
      selector: selectorAt(log.memory, argsOffset, argsSize),
      gas: log.gas - after,
      children: [],
    };
    // attach to the innermost open call whose depth is this op's depth
    stack.length = log.depth;
    stack[log.depth - 1].children.push(node);
    stack[log.depth] = node;
  }
  const intrinsic = intrinsicGas(tx.input);
  root.gas = Number(receipt.gasUsed) - intrinsic;
  return { intrinsic, root, total: Number(receipt.gasUsed) };
}

/** 21,000 plus 4 gas per zero byte and 16 per other byte of calldata (EIP-2028; EIP-7623's floor does not bind here). */
export function intrinsicGas(input: Hex): number {
  let gas = 21_000;
  for (let i = 2; i < input.length; i += 2) gas += input.slice(i, i + 2) === "00" ? 4 : 16;
  return gas;
}

/** Sum of the gas of every call (at any depth) that `match` selects, not counting calls nested in a match twice. */
export function gasOf(node: CallNode, match: (n: CallNode) => boolean): number {
  let sum = 0;
  for (const child of node.children) sum += match(child) ? child.gas : gasOf(child, match);
  return sum;
}

/** Prints the tree down to `maxDepth`, naming addresses and selectors where `names` knows them. */
export function formatTree(node: CallNode, names: Record<string, string>, maxDepth = 3, indent = ""): string[] {
  const label = `${node.kind} ${names[node.to.toLowerCase()] ?? node.to}${node.selector ? ` ${names[node.selector] ?? node.selector}` : ""}`;
  const lines = [`${indent}${label}: ${node.gas}`];
  if (maxDepth > 0) for (const c of node.children) lines.push(...formatTree(c, names, maxDepth - 1, `${indent}  `));
  return lines;
}

/** Gas of transaction `hash`'s top frame by opcode group (SSTORE, SLOAD, LOG, calls counted inclusive, the rest). */
export async function opcodeGroups(client: PublicClient, hash: Hex): Promise<Record<string, number>> {
  const trace = (await client.request({
    method: "debug_traceTransaction" as never,
    params: [hash, { disableStorage: true, disableMemory: true, disableStack: true }] as never,
  })) as { structLogs: StructLog[] };
  const groups: Record<string, number> = {};
  const logs = trace.structLogs;
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i];
    if (log.depth !== 1) continue;
    let cost = log.gasCost;
    if (CALLS.has(log.op)) {
      let j = i + 1;
      while (j < logs.length && logs[j].depth > 1) j++;
      cost = log.gas - (j < logs.length ? logs[j].gas : 0);
    }
    const group = log.op.startsWith("LOG")
      ? "LOG"
      : CALLS.has(log.op)
        ? "calls"
        : ["SSTORE", "SLOAD"].includes(log.op)
          ? log.op
          : "other";
    groups[group] = (groups[group] ?? 0) + cost;
  }
  return groups;
}
