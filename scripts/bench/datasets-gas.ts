/**
 * Datasets at scale (issue 15): registers up to 10,000 works on the in-process chain in bulk (commitments, then
 * reveals, hundreds a block with automine off: the honest registration path, just batched), then, for datasets of
 * 10, 1,000 and 10,000 members (DATASET_BENCH_MEMBERS caps the largest), measures the gas per member of adding them
 * (50 per call; the first 1,000 by their owner's EIP-712 consent, the rest the curator's own works), of opening a
 * stream into each and of an instant payment into each (goal: flat within 5% of the 10-member figures), and at
 * 10,000 shows one more member refused with DatasetsTooManyMembers.
 */
import { datasetsAbi } from "@ipnft/protocol/abis";
import {
  addMembers,
  type ContractWrite,
  commitRegistration,
  type MemberConsent,
  memberConsentTypedData,
  payDatasetSteps,
  registeredIpId,
  register as registerRequest,
  registrationCommitment,
  sendSteps,
} from "@ipnft/protocol/verbs";
import { type Hash, type Hex, parseEther, type TransactionReceipt } from "viem";
import type { deployedChain } from "../../test/helpers/chain";
import { openDataset } from "../../test/helpers/datasets";
import {
  approveSuperToken,
  fundSuperToken,
  newSalt,
  registration,
  send,
  type Wallet,
} from "../../test/helpers/protocol";
import { distributeFlow } from "../../test/helpers/royalties";

type Chain = Awaited<ReturnType<typeof deployedChain>>;
export interface Row {
  operation: string;
  gas: bigint;
  note?: string;
}

/** Sends many transactions with automine off and mines until every one has a receipt. */
async function mineAll(chain: Chain, send: () => Promise<Hash[]>): Promise<TransactionReceipt[]> {
  await chain.publicClient.request({ method: "evm_setAutomine" as never, params: [false] as never });
  const hashes = await send();
  const receipts: TransactionReceipt[] = [];
  try {
    for (const hash of hashes) {
      for (;;) {
        const receipt = await chain.publicClient.getTransactionReceipt({ hash }).catch(() => undefined);
        if (receipt) {
          if (receipt.status !== "success") throw new Error(`bulk transaction ${hash} reverted`);
          receipts.push(receipt);
          break;
        }
        await chain.networkHelpers.mine();
      }
    }
  } finally {
    await chain.publicClient.request({ method: "evm_setAutomine" as never, params: [true] as never });
  }
  return receipts;
}

const CHUNK = 150;

/** Registers `count` works as `creator` (commit all, mine, reveal all, mine) and returns their ids. */
export async function registerMany(chain: Chain, creator: Wallet, count: number): Promise<bigint[]> {
  // a few hundred pending transactions at a time: the node's pending pool slows down with thousands in it
  if (count > CHUNK) {
    const ids: bigint[] = [];
    for (let done = 0; done < count; done += CHUNK) {
      ids.push(...(await registerMany(chain, creator, Math.min(CHUNK, count - done))));
    }
    return ids;
  }
  const plans = Array.from({ length: count }, () => ({ r: registration(), salt: newSalt() }));
  const address = creator.account.address;
  let nonce = await chain.publicClient.getTransactionCount({ address, blockTag: "pending" });
  // fees fixed once (a block's base fee cannot rise past twice this within the run), so no send asks for them
  const { maxFeePerGas, maxPriorityFeePerGas } = await chain.publicClient.estimateFeesPerGas();
  const fees = { maxFeePerGas: maxFeePerGas * 4n, maxPriorityFeePerGas };
  const sendAll = (requests: { request: ContractWrite; gas: bigint }[]) => async () => {
    const hashes: Hash[] = [];
    for (const { request, gas } of requests) {
      const tx = { ...request, ...fees, gas, nonce: nonce++, account: creator.account, chain: creator.chain };
      hashes.push(await creator.writeContract(tx as never));
    }
    return hashes;
  };
  const commits = plans.map(({ r, salt }) => ({
    request: commitRegistration(chain.deployment, registrationCommitment(r.contentHash, address, salt)),
    gas: 80_000n,
  }));
  await mineAll(chain, sendAll(commits));
  const reveals = plans.map(({ r, salt }) => ({
    request: registerRequest(chain.deployment, r, salt),
    gas: 600_000n,
  }));
  const receipts = await mineAll(chain, sendAll(reveals));
  return receipts.map((receipt) => {
    const id = registeredIpId(receipt.logs);
    if (id === undefined) throw new Error("a bulk registration recorded no IPRegistered event");
    return id;
  });
}

const BATCH = 50;
/** Osaka's cap on one transaction's gas (EIP-7825), where a chain has it (our local chain runs Prague). */
const OSAKA_TX_GAS_CAP = 16_777_216n;
const empty: MemberConsent = { kind: "owner" };

/**
 * The largest dataset measured (DATASET_BENCH_MEMBERS, 10 to 10,000; default 10,000, the contract's MAX_MEMBERS):
 * the sizes are 10, 1,000 and 10,000 members, those below it and it.
 */
const LARGEST = Number(process.env.DATASET_BENCH_MEMBERS ?? 10_000);

export function datasetSizes(largest: number): number[] {
  if (!Number.isInteger(largest) || largest < 10 || largest > 10_000) {
    throw new Error(`DATASET_BENCH_MEMBERS must be a whole number from 10 to 10,000, not ${largest}`);
  }
  return [...new Set([...[10, 1_000, 10_000].filter((n) => n < largest), largest])];
}

/** Adds `ipIds` (weight 1..7) in batches of 50 with `consents`; returns the total gas and the largest batch's. */
async function addAll(chain: Chain, curator: Wallet, datasetId: bigint, ipIds: bigint[], consents: MemberConsent[]) {
  let gas = 0n;
  let largestBatch = 0n;
  for (let i = 0; i < ipIds.length; i += BATCH) {
    const slice = ipIds.slice(i, i + BATCH);
    const members = slice.map((ipId, j) => ({ ipId, weight: 1 + ((i + j) % 7), consent: consents[i + j] }));
    const used = (await send(chain, curator, addMembers(chain.deployment, datasetId, members))).gasUsed;
    gas += used;
    if (used > largestBatch) largestBatch = used;
  }
  return { gas, largestBatch };
}

async function signAll(chain: Chain, owner: Wallet, datasetId: bigint, ipIds: bigint[]) {
  const deadline = (await chain.publicClient.getBlock()).timestamp + 86_400n;
  return Promise.all(
    ipIds.map(async (memberIpId, j): Promise<MemberConsent> => {
      const weight = 1 + (j % 7);
      const nonce = BigInt(j) + (datasetId << 32n);
      const typed = memberConsentTypedData(chain.deployment, { datasetId, memberIpId, weight, deadline, nonce });
      const signature: Hex = await owner.signTypedData({ account: owner.account, ...typed });
      return { kind: "signature", deadline, nonce, signature };
    }),
  );
}

const fmt = (n: number | bigint) => n.toLocaleString("en");
const spread = (x: bigint, base: bigint) => ((Number(x) - Number(base)) / Number(base)) * 100;
const flatness = (x: bigint, base: bigint) => {
  const pct = spread(x, base);
  const verdict = Math.abs(pct) <= 5 ? "met" : "MISSED";
  return `${pct >= 0 ? "+" : ""}${pct.toFixed(2)}% vs 10 members (goal: within 5%: ${verdict})`;
};

/**
 * The dataset rows of the royalties bench: for each size, a dataset is built (the first 1,000 members by their
 * owner's signed consent, the rest the curator's own works, 50 per addMembers), then a stream is opened into it and
 * an instant payment made; at 10,000 members one more is refused.
 */
export async function datasetRows(chain: Chain, largest = LARGEST): Promise<Row[]> {
  const sizes = datasetSizes(largest);
  const [, curator, aiCompany, artist] = chain.wallets;
  const datasets = chain.deployment.contracts.Datasets as `0x${string}`;
  const rows: Row[] = [];
  await fundSuperToken(chain, aiCompany, parseEther("100000"));
  const started = Date.now();
  const signed = Math.min(1_000, largest);
  const artistWorks = await registerMany(chain, artist, signed);
  const curatorWorks = largest > signed ? await registerMany(chain, curator, largest - signed) : [];
  const works = [...artistWorks, ...curatorWorks];
  rows.push({
    operation: `register ${fmt(largest)} works in bulk (setup)`,
    gas: 0n,
    note: `${((Date.now() - started) / 1000).toFixed(0)} s`,
  });

  // warm up the payer's and the protocol's accounts, so that the first measured dataset is not charged for it
  await approveSuperToken(chain, aiCompany, datasets);
  const warm = await openDataset(chain, curator, 2000);
  const warmWork = (await registerMany(chain, curator, 1))[0];
  await addAll(chain, curator, warm.datasetId, [warmWork], [empty]);
  await distributeFlow(chain, aiCompany, warm.pool, parseEther("0.001"));
  await distributeFlow(chain, aiCompany, warm.pool, 0n);
  await send(
    chain,
    aiCompany,
    payDatasetSteps(chain.deployment, { datasetId: warm.datasetId, amount: parseEther("1"), allowance: 2n ** 200n })[0]
      .request,
  );

  const { gasLimit } = await chain.publicClient.getBlock();
  const built: { members: number; datasetId: bigint; pool: `0x${string}` }[] = [];
  let largestBatch = 0n;
  for (const members of sizes) {
    const dataset = await openDataset(chain, curator, 2000);
    const ids = works.slice(0, members);
    const bySignature = Math.min(members, signed);
    const consents = [
      ...(await signAll(chain, artist, dataset.datasetId, ids.slice(0, bySignature))),
      ...Array(members - bySignature).fill(empty),
    ];
    const added = await addAll(chain, curator, dataset.datasetId, ids, consents);
    if (added.largestBatch > largestBatch) largestBatch = added.largestBatch;
    rows.push({
      operation: `add ${fmt(members)} members, per member`,
      gas: added.gas / BigInt(members),
      note:
        `${fmt(bySignature)} by signed consent, ${fmt(members - bySignature)} own; ` +
        `${Math.ceil(members / BATCH)} tx of up to ${BATCH}, the largest ${fmt(added.largestBatch)} gas`,
    });
    const info = await chain.publicClient.readContract({
      address: datasets,
      abi: datasetsAbi,
      functionName: "datasetOf",
      args: [dataset.datasetId],
    });
    if (info.memberCount !== members) throw new Error(`the dataset of ${members} has ${info.memberCount} members`);
    built.push({ members, ...dataset });
  }
  rows.push({
    operation: `  the largest addMembers (${BATCH} members)`,
    gas: largestBatch,
    note:
      `${((Number(largestBatch) / Number(gasLimit)) * 100).toFixed(0)}% of the block gas limit (${fmt(gasLimit)}); ` +
      `${largestBatch > OSAKA_TX_GAS_CAP ? "above" : "within"} Osaka's per-transaction cap (${fmt(OSAKA_TX_GAS_CAP)})`,
  });

  const streams: bigint[] = [];
  const payments: bigint[] = [];
  for (const { datasetId, pool } of built) {
    const start = await distributeFlow(chain, aiCompany, pool, parseEther("0.001"));
    streams.push(start.gasUsed);
    await distributeFlow(chain, aiCompany, pool, 0n);
    const [paid] = (
      await sendSteps(
        { publicClient: chain.publicClient, walletClient: aiCompany },
        payDatasetSteps(chain.deployment, { datasetId, amount: parseEther("10"), allowance: 2n ** 200n }),
      )
    ).slice(-1);
    payments.push(paid.gasUsed);
  }
  built.forEach(({ members }, i) => {
    const flat = (xs: bigint[]) => (i === 0 ? "the baseline" : flatness(xs[i], xs[0]));
    rows.push({ operation: `open a stream into ${fmt(members)} members`, gas: streams[i], note: flat(streams) });
    rows.push({ operation: `instant payment into ${fmt(members)} members`, gas: payments[i], note: flat(payments) });
  });

  rows.push(await oneTooMany(chain, curator, built.at(-1)!));
  return rows;
}

/** At MAX_MEMBERS, one more member is refused with DatasetsTooManyMembers (below it, says it was not tried). */
async function oneTooMany(chain: Chain, curator: Wallet, full: { members: number; datasetId: bigint }): Promise<Row> {
  const datasets = chain.deployment.contracts.Datasets as `0x${string}`;
  const max = await chain.publicClient.readContract({
    address: datasets,
    abi: datasetsAbi,
    functionName: "MAX_MEMBERS",
  });
  const operation = `add member ${fmt(max + 1n)} to the dataset of ${fmt(full.members)}`;
  if (BigInt(full.members) < max)
    return { operation, gas: 0n, note: `not tried: the largest size is below ${fmt(max)}` };
  const [extra] = await registerMany(chain, curator, 1);
  const refused = await chain.publicClient
    .simulateContract({
      ...addMembers(chain.deployment, full.datasetId, [{ ipId: extra, weight: 1, consent: empty }]),
      account: curator.account,
    } as never)
    .then(
      () => undefined,
      (error: Error) => error.message,
    );
  if (!refused?.includes("DatasetsTooManyMembers")) {
    throw new Error(`member ${max + 1n} was not refused with DatasetsTooManyMembers: ${refused ?? "it was accepted"}`);
  }
  return { operation, gas: 0n, note: "refused: DatasetsTooManyMembers" };
}
