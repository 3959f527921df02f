/**
 * Issue 4 benchmark: gas of revenue shares and royalty payments on an in-process chain with the real Superfluid
 * framework: a share transfer with its pool-unit update beside a plain ERC-20 transfer; starting a stream into
 * pools of 1, 100 and 1,000 holders (target: flat, within 5%); settling a usage receipt; and the other
 * money-moving calls for reference. A share transfer is broken down from its replayed call tree (gas-trace.ts):
 * the two Superfluid pool unit updates (sender, receiver), the two balance reads that tell whether income waits to
 * be distributed first (underlying, SuperToken), and what the share token itself spends; then a transfer that finds
 * income waiting and distributes it before the units move.
 */

import { shareTokenAbi, superTokenAbi, testTokenAbi } from "@ipnft/protocol/abis";
import { mintTestCurrency, settleUsageBatch } from "@ipnft/protocol/verbs";
import type { Address } from "viem";
import { parseEther, parseUnits } from "viem";
import { deployedChain } from "../../test/helpers/chain";
import {
  addresses,
  approveSuperToken,
  buyLicense,
  fundSuperToken,
  Preset,
  register,
  send,
} from "../../test/helpers/protocol";
import {
  buyShares,
  distributeFlow,
  enableShares,
  openSale,
  royaltyAddresses,
  settleUsage,
  signUsage,
  transferShares,
} from "../../test/helpers/royalties";
import { datasetRows } from "./datasets-gas";
import { type CallNode, traceCalls } from "./gas-trace";

const MIN_RATE = 11_574_074_000_000n;

export async function run(): Promise<void> {
  const chain = await deployedChain();
  const [, artist, aiCompany, fan, fan2] = chain.wallets;
  const wait = (hash: `0x${string}`) => chain.publicClient.waitForTransactionReceipt({ hash });
  for (const w of [aiCompany, fan, fan2]) await fundSuperToken(chain, w, parseEther("100000"));
  const rows: { operation: string; gas: bigint; note?: string }[] = [];

  // Plain ERC-20 transfers: the test stablecoin underneath the SuperToken (an OpenZeppelin-style ERC-20).
  const { underlying } = addresses(chain);
  await send(chain, fan, mintTestCurrency(chain.deployment, fan.account.address, parseUnits("10", 6)));
  const plainNew = await wait(
    await fan.writeContract({
      address: underlying,
      abi: testTokenAbi,
      functionName: "transfer",
      args: ["0x000000000000000000000000000000000000bEEF", 1n],
    }),
  );
  const plainExisting = await wait(
    await fan.writeContract({
      address: underlying,
      abi: testTokenAbi,
      functionName: "transfer",
      args: ["0x000000000000000000000000000000000000bEEF", 1n],
    }),
  );

  const { ipId } = await register(chain, artist, { termsIds: [Preset.AiTrainingStreamed, Preset.AiTrainingFlatFee] });
  const enabled = await enableShares(chain, artist, ipId);
  rows.push({ operation: "enable shares (clone + GDA pool + mint)", gas: enabled.receipt.gasUsed });
  const { shareToken, pool } = enabled;

  const toNew = await transferShares(chain, artist, shareToken, fan.account.address, 1000n);
  const toExisting = await transferShares(chain, artist, shareToken, fan.account.address, 1000n);
  rows.push({ operation: "share transfer + unit update, to a new holder", gas: toNew.gasUsed });
  rows.push({ operation: "plain ERC-20 transfer, to a new holder", gas: plainNew.gasUsed });
  rows.push({
    operation: "share transfer + unit update, to a holder",
    gas: toExisting.gasUsed,
    note: `${(Number(toExisting.gasUsed) / Number(plainExisting.gasUsed)).toFixed(1)}x plain`,
  });
  rows.push({ operation: "plain ERC-20 transfer, to a holder", gas: plainExisting.gasUsed });
  const trace = await traceCalls(chain.publicClient as never, toExisting.transactionHash);
  const updates: CallNode[] = [];
  const collect = (n: CallNode): void => {
    for (const c of n.children) {
      if (c.to.toLowerCase() === pool.toLowerCase()) updates.push(c);
      else collect(c);
    }
  };
  collect(trace.root);
  const [senderUpdate, receiverUpdate] = updates;
  // the share token's own calls (under the clone's DELEGATECALL) that read its balances before anything moves
  const BALANCE_OF = "0x70a08231";
  const balanceReads: CallNode[] = [];
  const collectReads = (n: CallNode) =>
    n.children.forEach((c) => {
      const to = c.to.toLowerCase();
      if (
        c.selector === BALANCE_OF &&
        (to === underlying.toLowerCase() || to === addresses(chain).superToken.toLowerCase())
      )
        balanceReads.push(c);
      else if (c.kind === "DELEGATECALL") collectReads(c);
    });
  collectReads(trace.root);
  const readsGas = balanceReads.reduce((sum, c) => sum + c.gas, 0);
  rows.push({ operation: "  of which: pool.updateMemberUnits, sender (cold protocol)", gas: BigInt(senderUpdate.gas) });
  rows.push({ operation: "  of which: pool.updateMemberUnits, receiver", gas: BigInt(receiverUpdate.gas) });
  rows.push({
    operation: "  of which: is income waiting? (underlying + SuperToken balanceOf)",
    gas: BigInt(readsGas),
    note: `${balanceReads.length} reads; the SuperToken's warms the protocol the unit updates then use`,
  });
  rows.push({
    operation: "  of which: the share token itself (ERC-20, clone) + base",
    gas: BigInt(trace.total - senderUpdate.gas - receiverUpdate.gas - readsGas),
    note: `${(((senderUpdate.gas + receiverUpdate.gas) / trace.total) * 100).toFixed(0)}% of the transfer is Superfluid's`,
  });

  // Income waiting in the share token (an ERC-2981 royalty) is distributed before a transfer moves units.
  const royalty = parseEther("5");
  await wait(
    await fan2.writeContract({
      address: addresses(chain).superToken,
      abi: superTokenAbi,
      functionName: "transfer",
      args: [shareToken, royalty],
    }),
  );
  const withIncome = await transferShares(chain, artist, shareToken, fan.account.address, 1000n);
  rows.push({
    operation: "share transfer, royalty waiting (distributed first)",
    gas: withIncome.gasUsed,
    note: `+${Number(withIncome.gasUsed - toExisting.gasUsed)} vs nothing waiting`,
  });
  await wait(
    await fan2.writeContract({
      address: addresses(chain).superToken,
      abi: superTokenAbi,
      functionName: "transfer",
      args: [shareToken, royalty],
    }),
  );
  const distributed = await wait(
    await fan2.writeContract({ address: shareToken, abi: shareTokenAbi, functionName: "distributeIncome" }),
  );
  rows.push({ operation: "distributeIncome (a royalty waiting)", gas: distributed.gasUsed });
  await wait(
    await fan2.writeContract({
      address: underlying,
      abi: testTokenAbi,
      functionName: "mint",
      args: [shareToken, parseUnits("5", 6)], // the stablecoin has 6 decimals
    }),
  );
  const wrapped = await wait(
    await fan2.writeContract({ address: shareToken, abi: shareTokenAbi, functionName: "distributeIncome" }),
  );
  rows.push({ operation: "distributeIncome (a royalty in the underlying: wrap + distribute)", gas: wrapped.gasUsed });

  await openSale(chain, artist, shareToken, 10_000n, parseEther("0.001"));
  const bought = await buyShares(chain, fan2, shareToken, 5_000n);
  rows.push({ operation: "buy shares (pay creator, units, autoconnect)", gas: bought.gasUsed });

  const { licenseId, receipt: streamedBuy } = await buyLicense(chain, aiCompany, ipId, Preset.AiTrainingStreamed);
  rows.push({ operation: "buy streamed license (7 days of stream prepaid into the pool)", gas: streamedBuy.gasUsed });
  const flat = await buyLicense(chain, aiCompany, ipId, Preset.AiTrainingFlatFee);
  rows.push({ operation: "buy flat-fee license, fee distributed to holders", gas: flat.receipt.gasUsed });

  // Starting a stream into pools of 1, 100 and 1,000 holders.
  const streamStarts: Record<number, bigint> = {};
  for (const holders of [1, 100, 1000]) {
    const { ipId: id } = await register(chain, artist, { termsIds: [Preset.AiTrainingStreamed] });
    const { shareToken: token, pool: p } = await enableShares(chain, artist, id);
    for (let i = 1; i < holders; i++) {
      const holder = `0x${(0x100000 + i).toString(16).padStart(40, "0")}` as Address;
      await transferShares(chain, artist, token, holder, 1n + BigInt(i % 7));
    }
    await buyLicense(chain, aiCompany, id, Preset.AiTrainingStreamed);
    const start = await distributeFlow(chain, aiCompany, p, MIN_RATE);
    streamStarts[holders] = start.gasUsed;
    rows.push({
      operation: `start a stream into a pool of ${holders} holder${holders > 1 ? "s" : ""}`,
      gas: start.gasUsed,
    });
    await distributeFlow(chain, aiCompany, p, 0n);
  }
  const spread = (Number(streamStarts[1000]) - Number(streamStarts[1])) / Number(streamStarts[1]);
  rows.push({ operation: "  1,000 vs 1 holder", gas: 0n, note: `${(spread * 100).toFixed(2)}% (target: within 5%)` });

  // Settling a usage receipt (the streamed preset meters usage at 0.01 per unit).
  await distributeFlow(chain, aiCompany, pool, MIN_RATE);
  await approveSuperToken(chain, aiCompany, royaltyAddresses(chain).meter);
  const licensee = aiCompany.account.address;
  const first = await settleUsage(
    chain,
    fan,
    licenseId,
    10n,
    await signUsage(chain, aiCompany, licenseId, 10n),
    licensee,
  );
  const next = await settleUsage(
    chain,
    fan,
    licenseId,
    25n,
    await signUsage(chain, aiCompany, licenseId, 25n),
    licensee,
  );
  const replay = await settleUsage(
    chain,
    fan,
    licenseId,
    25n,
    await signUsage(chain, aiCompany, licenseId, 25n),
    licensee,
  );
  rows.push({ operation: "settle a usage receipt (first)", gas: first.gasUsed });
  rows.push({ operation: "settle a usage receipt (later)", gas: next.gasUsed });
  rows.push({ operation: "settle a replayed receipt (no-op)", gas: replay.gasUsed });
  const batch = [];
  for (const cumulativeUnits of [30n, 35n, 40n, 45n]) {
    batch.push({
      licenseId,
      licensee,
      cumulativeUnits,
      signature: await signUsage(chain, aiCompany, licenseId, cumulativeUnits),
    });
  }
  const batchReceipt = await send(chain, fan, settleUsageBatch(chain.deployment, batch));
  rows.push({
    operation: "settleBatch of 4 receipts",
    gas: batchReceipt.gasUsed,
    note: `${Number(batchReceipt.gasUsed / 4n)} per receipt`,
  });

  console.table(
    rows.map((r) => ({ operation: r.operation, gas: r.gas === 0n ? "" : Number(r.gas), note: r.note ?? "" })),
  );
  console.log("\nDatasets (issue 15): one GDA pool per dataset");
  console.table(
    (await datasetRows(chain)).map((r) => ({
      operation: r.operation,
      gas: r.gas === 0n ? "" : Number(r.gas),
      note: r.note ?? "",
    })),
  );
  await chain.connection.close();
}
