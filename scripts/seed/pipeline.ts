/**
 * Many transactions a block, for seeding a local chain in bulk: requests (the protocol's verbs) are queued per
 * account with nonces counted here, sent without waiting for each other (JSON-RPC batches), and mined together with
 * `evm_mine` while automine is off. `flush()` returns every receipt of the round and throws, naming the function,
 * when one reverted. Local Hardhat node only (it signs for its unlocked accounts).
 */
import type { ContractWrite } from "@ipnft/protocol/verbs";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hash,
  http,
  type PublicClient,
  parseGwei,
  type TransactionReceipt,
  type WalletClient,
} from "viem";

/**
 * Gas limits we reserve, by function. A block takes what its 100M gas fits by these limits, not by what is used,
 * but a limit too tight reverts: Superfluid's pool updates cost more as pools and their members grow, so these sit
 * at about twice the most each call was measured to use (see `mostGas`).
 */
const gasLimits: Record<string, bigint> = {
  commitRegistration: 100_000n,
  register: 1_200_000n,
  approve: 100_000n,
  buyLicense: 2_000_000n,
  enableShares: 3_000_000n,
  openSale: 200_000n,
  buyShares: 3_000_000n,
  connectPool: 1_000_000n,
  distributeFlow: 2_000_000n,
};
const DEFAULT_GAS = 2_000_000n;
/** No limit goes above this (a block holds 100M). */
const MAX_GAS = 30_000_000n;
/** Fees are pinned: the base fee is reset before each block we mine, so full blocks never price queued ones out. */
const BASE_FEE = parseGwei("1");
const MAX_FEE = parseGwei("50");
/** Requests in flight at once; viem batches them into JSON-RPC arrays of this size. */
const IN_FLIGHT = 400;

interface Queued {
  account: Address;
  nonce: number;
  request: ContractWrite;
  label: string;
}

export interface Mined {
  label: string;
  request: ContractWrite;
  receipt: TransactionReceipt;
}

export class Pipeline {
  readonly publicClient: PublicClient;
  private readonly walletClient: WalletClient;
  private readonly nonces = new Map<Address, number>();
  private queue: Queued[] = [];
  private restoreAutomine: boolean | undefined;
  /** Transactions sent and gas used so far, for the report. */
  readonly totals = { transactions: 0, gasUsed: 0n, blocks: 0 };
  /** The most gas each function used, to keep `gasLimits` honest. */
  readonly mostGas = new Map<string, bigint>();
  /** Limits raised during the run, after a transaction ran out of gas. */
  private readonly raised = new Map<string, bigint>();

  /** The gas limit a request is sent with: `gasLimits`, twice the most measured so far, or a raised one. */
  private limitOf(request: ContractWrite): bigint {
    const name = request.functionName;
    const limits = [gasLimits[name] ?? DEFAULT_GAS, (this.mostGas.get(name) ?? 0n) * 2n, this.raised.get(name) ?? 0n];
    const limit = limits.reduce((a, b) => (a > b ? a : b));
    return limit < MAX_GAS ? limit : MAX_GAS;
  }

  constructor(rpcUrl: string) {
    const transport = http(rpcUrl, { batch: { batchSize: IN_FLIGHT, wait: 0 }, timeout: 120_000 });
    this.publicClient = createPublicClient({ transport, pollingInterval: 100 });
    this.walletClient = createWalletClient({ transport });
  }

  private rpc<T>(method: string, params: unknown[] = []): Promise<T> {
    return this.publicClient.request({ method, params } as never) as Promise<T>;
  }

  /** Stops automine (interval mining, if any, goes on) until `stop()`, which restores what was there. */
  async start(): Promise<void> {
    this.restoreAutomine = await this.rpc<boolean>("hardhat_getAutomine");
    await this.rpc("evm_setAutomine", [false]);
  }

  async stop(): Promise<void> {
    if (this.restoreAutomine !== undefined) await this.rpc("evm_setAutomine", [this.restoreAutomine]);
    this.restoreAutomine = undefined;
  }

  /** Queues one request from `account`; `label` is returned with its receipt (what the caller needs it for). */
  send(account: Address, request: ContractWrite, label = request.functionName): void {
    this.queue.push({ account, nonce: -1, request, label });
  }

  /** Sends everything queued, mines until all of it is in, and returns the receipts in queue order. */
  async flush(retry = true): Promise<Mined[]> {
    const queue = this.queue;
    this.queue = [];
    if (queue.length === 0) return [];
    for (const account of new Set(queue.map((q) => q.account))) {
      if (!this.nonces.has(account)) {
        this.nonces.set(
          account,
          await this.publicClient.getTransactionCount({ address: account, blockTag: "pending" }),
        );
      }
    }
    for (const q of queue) {
      q.nonce = this.nonces.get(q.account)!;
      this.nonces.set(q.account, q.nonce + 1);
    }
    const hashes: Hash[] = [];
    for (let i = 0; i < queue.length; i += IN_FLIGHT) {
      const slice = queue.slice(i, i + IN_FLIGHT);
      hashes.push(...(await Promise.all(slice.map((q) => this.sendOne(q)))));
    }
    await this.mineUntilIncluded(queue);
    const receipts: TransactionReceipt[] = [];
    for (let i = 0; i < hashes.length; i += IN_FLIGHT) {
      const slice = hashes.slice(i, i + IN_FLIGHT);
      receipts.push(...(await Promise.all(slice.map((hash) => this.publicClient.getTransactionReceipt({ hash })))));
    }
    const mined = queue.map((q, i) => ({ label: q.label, request: q.request, receipt: receipts[i] }));
    // Out of gas: Superfluid's costs grow with the pools an account is connected to, so a limit that sufficed in an
    // earlier round can run short. Those go again, once, at twice the limit, which the rest of the run keeps.
    const outOfGas = mined
      .map((m, i) => ({ m, i }))
      .filter(({ m }) => m.receipt.status !== "success" && m.receipt.gasUsed >= (this.limitOf(m.request) * 95n) / 100n);
    if (outOfGas.length && retry) {
      for (const { m } of outOfGas) this.raised.set(m.request.functionName, this.limitOf(m.request) * 2n);
      for (const { i } of outOfGas) this.send(queue[i].account, queue[i].request, queue[i].label);
      const again = await this.flush(false);
      for (const [k, { i }] of outOfGas.entries()) mined[i] = again[k];
    }
    const failed = mined.filter((m) => m.receipt.status !== "success");
    if (failed.length) {
      const { request, receipt } = failed[0];
      // Replayed at the end of its block (it changed nothing), so the error names what went wrong.
      const why = await this.publicClient
        .simulateContract({ ...request, account: receipt.from, blockNumber: receipt.blockNumber } as never)
        .then(
          () => "it succeeds when replayed: out of gas?",
          (error: Error) => (error as { shortMessage?: string }).shortMessage ?? error.message,
        );
      throw new Error(
        `${failed.length} of ${mined.length} transactions reverted, the first ${request.functionName} ` +
          `(${receipt.transactionHash}, gas used ${receipt.gasUsed} of ${this.limitOf(request)}): ${why}`,
      );
    }
    this.totals.transactions += mined.length;
    for (const { request, receipt } of mined) {
      this.totals.gasUsed += receipt.gasUsed;
      const most = this.mostGas.get(request.functionName) ?? 0n;
      if (receipt.gasUsed > most) this.mostGas.set(request.functionName, receipt.gasUsed);
    }
    return mined;
  }

  private sendOne(q: Queued): Promise<Hash> {
    return this.walletClient.writeContract({
      ...q.request,
      account: q.account,
      chain: null,
      nonce: q.nonce,
      gas: this.limitOf(q.request),
      maxFeePerGas: MAX_FEE,
      maxPriorityFeePerGas: 0n,
    } as never);
  }

  /** Mines blocks until every account's mined nonce has passed its last queued transaction. */
  private async mineUntilIncluded(queue: Queued[]): Promise<void> {
    const last = new Map<Address, number>();
    for (const q of queue) last.set(q.account, q.nonce);
    let waiting = [...last.keys()];
    const seen = new Map<Address, number>();
    let idle = 0;
    while (waiting.length) {
      await this.rpc("hardhat_setNextBlockBaseFeePerGas", [`0x${BASE_FEE.toString(16)}`]);
      await this.rpc("evm_mine");
      this.totals.blocks++;
      const counts = await Promise.all(
        waiting.map((address) => this.publicClient.getTransactionCount({ address, blockTag: "latest" })),
      );
      // A block can be empty of ours (interval mining got there first); many in a row means ours are stuck.
      idle = waiting.some((address, i) => counts[i] > (seen.get(address) ?? -1)) ? 0 : idle + 1;
      for (const [i, address] of waiting.entries()) seen.set(address, counts[i]);
      waiting = waiting.filter((address, i) => counts[i] <= last.get(address)!);
      if (idle > 20) throw new Error(`transactions of ${waiting.join(", ")} are not being mined`);
    }
  }
}
