import { before } from "node:test";
import { shareTokenAbi, testTokenAbi } from "@ipnft/protocol/abis";
import type { Address, Hex } from "viem";
import { parseEther } from "viem";
import type { Clients } from "../../scripts/deploy/superfluid";
import { deployedChain } from "./chain";
import { addresses, type Chain, eventArgs, fundSuperToken, type Wallet } from "./protocol";
import { workWithShares } from "./royalties";

/**
 * The cast and the moves of the share-income suites, bound to one fresh chain that a `before` hook of the calling
 * `describe` deploys (its wallets 1 to 6 funded with the SuperToken): the artist owns the works, the fan holds shares,
 * a stranger triggers distributions and sweeps, a marketplace pays royalties. Call it at the top of a `describe`;
 * everything it returns is safe to use from that describe's own hooks and tests.
 */
export function shareIncomeSuite() {
  let current: Chain | undefined;
  before(async () => {
    current = await deployedChain();
    for (const w of current.wallets.slice(1, 7)) await fundSuperToken(current, w, parseEther("100000"));
  });
  const chain = () => {
    if (!current) throw new Error("shareIncomeSuite's chain is used before its before hook ran");
    return current;
  };
  const artist = () => chain().wallets[1];
  const fan = () => chain().wallets[2];
  const stranger = () => chain().wallets[5];
  const marketplace = () => chain().wallets[6];
  const wait = (hash: Hex) => chain().publicClient.waitForTransactionReceipt({ hash });

  return {
    chain,
    artist,
    fan,
    stranger,
    marketplace,
    wait,
    /** The deployer's clients, for deploying a second currency or protocol beside the first. */
    clients: () => ({ publicClient: chain().publicClient, walletClient: chain().wallets[0] }) as unknown as Clients,
    /** A work of the artist with its shares enabled; `fanShares` of them sent to the fan. */
    workWithShares: (fanShares = 0n, termsIds: bigint[] = []) =>
      workWithShares(chain(), artist(), termsIds, { address: fan().account.address, shares: fanShares }),
    /** A marketplace pays `amount` of the underlying stablecoin (or `token`) to `to`, as an ERC-2981 royalty. */
    async payUnderlying(to: Address, amount: bigint, token = addresses(chain()).underlying) {
      const payer = marketplace();
      const args = [payer.account.address, amount] as const;
      await wait(await payer.writeContract({ address: token, abi: testTokenAbi, functionName: "mint", args }));
      return wait(
        await payer.writeContract({ address: token, abi: testTokenAbi, functionName: "transfer", args: [to, amount] }),
      );
    },
    tokenBalance: (token: Address, account: Address) =>
      chain().publicClient.readContract({
        address: token,
        abi: testTokenAbi,
        functionName: "balanceOf",
        args: [account],
      }),
    /** Anyone (a stranger unless told) asks the share token to distribute what it holds. */
    distributeIncome: async (shareToken: Address, by: Wallet = stranger()) =>
      wait(await by.writeContract({ address: shareToken, abi: shareTokenAbi, functionName: "distributeIncome" })),
    /** A stranger sweeps `token`, which the pool cannot split, from the share token to the IP's owner. */
    sweep: async (shareToken: Address, token: Address) =>
      wait(
        await stranger().writeContract({
          address: shareToken,
          abi: shareTokenAbi,
          functionName: "sweep",
          args: [token],
        }),
      ),
    /** The amounts of the IncomeDistributed events in a receipt. */
    distributed: (receipt: { logs: readonly { data: Hex; topics: readonly Hex[] }[] }) =>
      eventArgs(receipt.logs, shareTokenAbi, "IncomeDistributed").map((e) => e.amount as bigint),
  };
}
