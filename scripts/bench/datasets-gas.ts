/**
 * Datasets at scale (issue 15): registers 10,000 works on the in-process chain in bulk (commitments, then reveals,
 * hundreds a block with automine off: the honest registration path, just batched), then measures the gas of adding
 * 1,000 members (each with its owner's EIP-712 consent; and the curator's own works), of opening a stream into
 * datasets of 10, 1,000 and 10,000 members and of an instant payment into the same three. Goal: flat within 5%.
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

const BATCH = 200;
const empty: MemberConsent = { kind: "owner" };

/** Adds `ipIds` (weight 1..7) in batches of 200 with `consents`; returns the total gas. */
async function addAll(chain: Chain, curator: Wallet, datasetId: bigint, ipIds: bigint[], consents: MemberConsent[]) {
  let gas = 0n;
  for (let i = 0; i < ipIds.length; i += BATCH) {
    const slice = ipIds.slice(i, i + BATCH);
    const members = slice.map((ipId, j) => ({ ipId, weight: 1 + ((i + j) % 7), consent: consents[i + j] }));
    gas += (await send(chain, curator, addMembers(chain.deployment, datasetId, members))).gasUsed;
  }
  return gas;
}

async function signAll(chain: Chain, owner: Wallet, datasetId: bigint, ipIds: bigint[], offset: number) {
  const deadline = (await chain.publicClient.getBlock()).timestamp + 86_400n;
  return Promise.all(
    ipIds.map(async (memberIpId, j): Promise<MemberConsent> => {
      const weight = 1 + ((offset + j) % 7);
      const nonce = BigInt(offset + j) + (datasetId << 32n);
      const typed = memberConsentTypedData(chain.deployment, { datasetId, memberIpId, weight, deadline, nonce });
      const signature: Hex = await owner.signTypedData({ account: owner.account, ...typed });
      return { kind: "signature", deadline, nonce, signature };
    }),
  );
}

/** The dataset rows of the royalties bench. */
export async function datasetRows(chain: Chain, large = 10_000): Promise<Row[]> {
  const medium = large / 10;
  const fmt = (n: number) => n.toLocaleString("en");
  const [, curator, aiCompany, artist] = chain.wallets;
  const rows: Row[] = [];
  await fundSuperToken(chain, aiCompany, parseEther("100000"));
  const started = Date.now();
  const artistWorks = await registerMany(chain, artist, medium);
  const curatorWorks: bigint[] = [];
  for (let i = 0; i < 9; i++) curatorWorks.push(...(await registerMany(chain, curator, medium)));
  rows.push({
    operation: `register ${fmt(large)} works in bulk (setup)`,
    gas: 0n,
    note: `${((Date.now() - started) / 1000).toFixed(0)} s`,
  });

  // warm up the payer's and the protocol's accounts, so that the first measured dataset is not charged for it
  await approveSuperToken(chain, aiCompany, chain.deployment.contracts.Datasets as `0x${string}`);
  const warm = await openDataset(chain, curator, 2000);
  await addAll(chain, curator, warm.datasetId, curatorWorks.slice(-1), [empty]);
  await distributeFlow(chain, aiCompany, warm.pool, parseEther("0.001"));
  await distributeFlow(chain, aiCompany, warm.pool, 0n);
  await send(
    chain,
    aiCompany,
    payDatasetSteps(chain.deployment, { datasetId: warm.datasetId, amount: parseEther("1"), allowance: 2n ** 200n })[0]
      .request,
  );

  // adding members, each with its owner's signed consent, in batches of 200
  const thousand = await openDataset(chain, curator, 2000);
  const consents = await signAll(chain, artist, thousand.datasetId, artistWorks, 0);
  const signedGas = await addAll(chain, curator, thousand.datasetId, artistWorks, consents);
  rows.push({
    operation: `add ${fmt(medium)} members (owner's EIP-712 consent), per member`,
    gas: signedGas / BigInt(medium),
    note: `${Number(signedGas)} in all, ${Math.ceil(medium / BATCH)} transactions of up to ${BATCH}`,
  });

  const ten = await openDataset(chain, curator, 2000);
  const tenGas = await addAll(chain, curator, ten.datasetId, curatorWorks.slice(0, 10), Array(10).fill(empty));
  rows.push({ operation: "add 10 members (curator's own works), per member", gas: tenGas / 10n });

  const all = await openDataset(chain, curator, 2000);
  const allConsents = [
    ...(await signAll(chain, artist, all.datasetId, artistWorks, 0)),
    ...Array(curatorWorks.length).fill(empty),
  ];
  const allGas = await addAll(chain, curator, all.datasetId, [...artistWorks, ...curatorWorks], allConsents);
  rows.push({
    operation: `add ${fmt(large)} members (${fmt(medium)} signed, the rest own), per member`,
    gas: allGas / BigInt(large),
    note: `${Math.ceil(large / BATCH)} transactions`,
  });
  const info = await chain.publicClient.readContract({
    address: chain.deployment.contracts.Datasets as `0x${string}`,
    abi: datasetsAbi,
    functionName: "datasetOf",
    args: [all.datasetId],
  });
  if (info.memberCount !== large) throw new Error(`the large dataset has ${info.memberCount} members`);

  const sizes = [
    { members: 10, ...ten },
    { members: medium, ...thousand },
    { members: large, ...all },
  ];
  const streams: bigint[] = [];
  const payments: bigint[] = [];
  for (const { members, datasetId, pool } of sizes) {
    const start = await distributeFlow(chain, aiCompany, pool, parseEther("0.001"));
    streams.push(start.gasUsed);
    rows.push({
      operation: `open a stream into a dataset of ${members.toLocaleString("en")} members`,
      gas: start.gasUsed,
    });
    await distributeFlow(chain, aiCompany, pool, 0n);
    const [paid] = (
      await sendSteps(
        { publicClient: chain.publicClient, walletClient: aiCompany },
        payDatasetSteps(chain.deployment, { datasetId, amount: parseEther("10"), allowance: 2n ** 200n }),
      )
    ).slice(-1);
    payments.push(paid.gasUsed);
    rows.push({
      operation: `instant payment into a dataset of ${members.toLocaleString("en")} members`,
      gas: paid.gasUsed,
    });
  }
  const spread = (xs: bigint[]) => ((Number(xs[2]) - Number(xs[0])) / Number(xs[0])) * 100;
  rows.push({
    operation: `  stream: ${fmt(large)} vs 10 members`,
    gas: 0n,
    note: `${spread(streams).toFixed(2)}% (goal: within 5%)`,
  });
  rows.push({
    operation: `  payment: ${fmt(large)} vs 10 members`,
    gas: 0n,
    note: `${spread(payments).toFixed(2)}% (goal: within 5%)`,
  });
  return rows;
}
