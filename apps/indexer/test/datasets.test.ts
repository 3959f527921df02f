import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { datasetsAbi } from "@ipnft/protocol/abis";
import { registeredIpId, registrationSteps, sendSteps, sendWrite } from "@ipnft/protocol/verbs";
import { eq } from "ponder";
import { type Address, type Hex, keccak256, toHex } from "viem";
import { accrueDataset, memberIncome } from "../dataset-income";
import * as schema from "../ponder.schema";
import {
  buyLicense,
  fund,
  indexerDb,
  registerWork,
  removeDir,
  startTestChain,
  startTestIndexer,
  type TestChain,
  waitForIndexer,
} from "./support";

const noConsent = { licenseId: 0n, deadline: 0n, nonce: 0n, signature: "0x" } as const;
const FEE = 100n * 10n ** 18n;

// A dataset of three works, weights 1, 2 and 3, with a 10% curator share: its rows and each member's income must be
// the chain's, payment after payment, and a removed member keeps what it earned and earns nothing more.
describe("the indexer on datasets", () => {
  let chain: TestChain;
  let indexer: Awaited<ReturnType<typeof startTestIndexer>>;
  let db: ReturnType<typeof indexerDb>;
  let datasetId: bigint;
  const members: bigint[] = [];
  let incomeAfterFirst: bigint;

  const curate = (functionName: string, args: readonly unknown[]) =>
    sendWrite(
      { ...chain.clients, account: chain.accounts[1] },
      {
        address: chain.deployment.contracts.Datasets as Address,
        abi: datasetsAbi,
        functionName,
        args,
      },
    );
  const chainIncome = async (memberIpId: bigint) => {
    const [, claimable] = await chain.clients.publicClient.readContract({
      address: chain.deployment.contracts.Datasets as Address,
      abi: datasetsAbi,
      functionName: "memberIncome",
      args: [datasetId, memberIpId],
    });
    return BigInt(claimable);
  };

  before(async () => {
    chain = await startTestChain(11110);
    const [, curator, licensee, fan] = chain.accounts;
    for (const label of ["one", "two", "three"]) members.push(await registerWork(chain, curator, label, [1n]));
    const contentHash = keccak256(toHex(`dataset ${Math.random()}`)) as Hex;
    const steps = registrationSteps(
      chain.deployment,
      {
        kind: "Dataset",
        contentHash,
        contentCid: `0x01551220${contentHash.slice(2)}`,
        metadataCid: `0x01551220${contentHash.slice(2)}`,
        termsIds: [2n],
      },
      { creator: curator },
    );
    const receipts = await sendSteps({ ...chain.clients, account: curator }, steps);
    datasetId = registeredIpId(receipts.at(-1)!.logs)!;
    await curate("openDataset", [datasetId, 1000]);
    await curate("addMembers", [
      datasetId,
      members.map((ipId, i) => ({ ipId, weight: i + 1 })),
      members.map(() => noConsent),
    ]);
    await fund(chain, licensee);
    await fund(chain, fan);
    await buyLicense(chain, licensee, datasetId, 2n, FEE);
    incomeAfterFirst = await chainIncome(members[2]);
    await curate("removeMembers", [datasetId, [members[2]]]);
    await buyLicense(chain, fan, datasetId, 2n, FEE);

    indexer = await startTestIndexer(chain, 11111, path.join(chain.workDir, "pglite"));
    await waitForIndexer(chain, indexer.url);
    db = indexerDb(indexer.url);
  });

  after(async () => {
    await indexer?.stop();
    await chain?.stop();
    if (chain) removeDir(chain.workDir);
  });

  test("a dataset is a row with its curator, share, members and weights, as the chain holds them", async () => {
    const [row] = await db.select().from(schema.dataset).where(eq(schema.dataset.id, datasetId));
    assert.ok(row, "the dataset is indexed");
    assert.equal(row.curator, chain.accounts[1].toLowerCase());
    assert.equal(row.curatorBps, 1000);
    assert.equal(row.unitsPerWeight, 9n, "10% : 90% = 1 : 9, read from DatasetOpened");
    assert.equal(row.memberCount, 2);
    assert.equal(row.totalWeight, 3n);
    const rows = await db.select().from(schema.datasetMember).where(eq(schema.datasetMember.datasetId, datasetId));
    assert.deepEqual(
      rows.sort((a, b) => Number(a.memberIpId - b.memberIpId)).map((m) => [m.memberIpId, m.weight, m.active]),
      [
        [members[0], 1n, true],
        [members[1], 2n, true],
        [members[2], 3n, false],
      ],
    );
  });

  test("each member's income is the chain's, in proportion to weight, and a removed member's stops", async () => {
    const [row] = await db.select().from(schema.dataset).where(eq(schema.dataset.id, datasetId));
    const now = accrueDataset(row, row.accruedAt);
    const rows = await db.select().from(schema.datasetMember).where(eq(schema.datasetMember.datasetId, datasetId));
    const income = (ipId: bigint) => memberIncome(rows.find((m) => m.memberIpId === ipId)!, now.incomePerUnit);
    for (const ipId of members) assert.equal(income(ipId), await chainIncome(ipId), `member ${ipId}`);
    assert.equal(income(members[2]), incomeAfterFirst, "the removed member earned nothing from the second fee");
    // The first fee split 1:2:3 among the members, the second 1:2 among the two left: two earns twice what one does.
    assert.equal(income(members[1]), 2n * income(members[0]));
    assert.ok(income(members[2]) * 2n < income(members[1]) * 3n, "member three had no part of the second fee");
    // What the members received never exceeds what was paid in (the invariant); the curator's units are
    // exactly its 10% of the pool's units (weights 1 + 2 left: members 27 units, the curator 3), so the members'
    // part is at most 90% of what was paid in.
    const paidToMembers = members.reduce((s, ipId) => s + income(ipId), 0n);
    const figures =
      `members ${paidToMembers}, paid in ${row.totalIncome}, ` +
      `curator units ${row.curatorUnits}, member units ${row.memberUnits}`;
    assert.ok(paidToMembers <= row.totalIncome, figures);
    assert.ok(row.totalIncome <= 2n * FEE, figures);
    assert.equal(row.memberUnits, 27n, figures);
    assert.equal(row.curatorUnits * 9000n, row.memberUnits * 1000n, figures);
    assert.ok(paidToMembers * 10n <= row.totalIncome * 9n, figures);
  });
});
