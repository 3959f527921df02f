import assert from "node:assert/strict";
import { type DisputeEvidence, openDisputeSteps, openedDisputeId } from "@ipnft/protocol/verbs";
import { parseEther } from "viem";
import { type Chain, Preset, register, superTokenBalance, type Wallet } from "./protocol";

const DAY = 24 * 3600;
export const WINDOW = 14 * DAY;
export const RESPITE = 7 * DAY;
export const BOND = parseEther("50");
export const NOT_PAUSED = { openDisputeId: undefined, flaggedBy: undefined };

type DisputesContract = Awaited<ReturnType<Chain["viem"]["getContractAt"]>>;

/**
 * The dispute tests' cast and steps on a deployed chain (read lazily: the chain is made in a `before`): the arbiter
 * (the deployer in dev), an artist, an AI company, a disputer and a buyer; opening a dispute through the protocol's
 * steps, ruling, balances, a fresh work.
 */
export function disputeHelpers(chainOf: () => Chain, disputesOf: () => DisputesContract) {
  const wallet = (i: number) => () => chainOf().wallets[i];
  const [arbiter, artist, aiCompany, disputer, buyer] = [0, 1, 2, 4, 5].map(wallet);
  const contractAddress = () => chainOf().deployment.contracts.Disputes as `0x${string}`;
  const evidence = (o: Partial<DisputeEvidence> = {}): DisputeEvidence => ({
    earlierIpId: 0n,
    similarityBps: 9_700,
    uri: "ipfs://bafyevidence",
    ...o,
  });
  const send = async (wallet: Wallet, request: { address: `0x${string}`; functionName: string; args: unknown }) =>
    chainOf().publicClient.waitForTransactionReceipt({
      hash: await wallet.writeContract({ ...request, account: wallet.account, chain: wallet.chain } as never),
    });

  /** `wallet` opens a dispute on `ipId` through the protocol's steps (approve the bond, open); returns its id. */
  async function open(ipId: bigint, wallet = disputer(), e = evidence()) {
    let receipt: Awaited<ReturnType<typeof send>> | undefined;
    for (const { request } of openDisputeSteps(chainOf().deployment, { ipId, evidence: e, bond: BOND })) {
      receipt = await send(wallet, request);
    }
    const disputeId = openedDisputeId(receipt!.logs);
    assert.ok(disputeId, "the opening records DisputeOpened");
    return { disputeId, receipt: receipt! };
  }
  const balances = async (...accounts: `0x${string}`[]) =>
    Promise.all(accounts.map((a) => superTokenBalance(chainOf(), a)));
  const work = async () => (await register(chainOf(), artist(), { termsIds: [Preset.AiTrainingFlatFee] })).ipId;
  const rule = (disputeId: bigint, upheld: boolean, wallet = arbiter()) =>
    disputesOf().write.rule([disputeId, upheld], { account: wallet.account });
  return { arbiter, artist, aiCompany, disputer, buyer, contractAddress, evidence, open, balances, work, rule };
}
