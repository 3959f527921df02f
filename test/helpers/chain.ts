import { network } from "hardhat";
import { deployAll } from "../../scripts/deploy/index";
import type { Clients } from "../../scripts/deploy/superfluid";

/**
 * A fresh in-process chain with the real Superfluid framework, the test stablecoin, its SuperToken
 * and our contracts deployed exactly as `npm run dev` deploys them.
 */
export async function deployedChain() {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const clients = { publicClient, walletClient: wallets[0] } as unknown as Clients;
  const [, artist, aiCompany, fan] = wallets.map((w) => w.account.address);
  const deployment = await deployAll(clients, {
    rpcUrl: "in-process",
    devAccounts: { artist, aiCompany, fan },
  });
  return { connection, viem, networkHelpers, publicClient, wallets, deployment };
}
