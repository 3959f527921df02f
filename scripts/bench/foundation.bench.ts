/** The foundation: how long the real Superfluid framework takes to deploy, and the gas of the first steps a newcomer takes. */
import { network } from "hardhat";
import { parseUnits } from "viem";
import { faucetAbi, superTokenAbi, testTokenAbi } from "@ipnft/protocol/abis";
import { deployAll } from "../deploy/index";
import type { Clients } from "../deploy/superfluid";

export async function run(): Promise<void> {
  const { viem } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [deployer, user] = await viem.getWalletClients();
  const clients = { publicClient, walletClient: deployer } as unknown as Clients;

  const started = performance.now();
  const deployment = await deployAll(clients, { rpcUrl: "in-process" });
  const deployMs = performance.now() - started;

  const { currency } = deployment;
  const amount = parseUnits("100", currency.decimals);
  const gasOf = async (hash: `0x${string}`) => (await publicClient.waitForTransactionReceipt({ hash })).gasUsed;
  const drip = await gasOf(
    await user.writeContract({ address: deployment.contracts.Faucet!, abi: faucetAbi, functionName: "drip", args: [user.account.address] }),
  );
  await gasOf(await user.writeContract({ address: currency.underlying, abi: testTokenAbi, functionName: "approve", args: [currency.superToken, amount] }));
  const wrap = await gasOf(await user.writeContract({ address: currency.superToken, abi: superTokenAbi, functionName: "upgrade", args: [amount] }));

  console.table([
    { what: "deploy Superfluid + currency + our contracts (in-process)", figure: `${deployMs.toFixed(0)} ms` },
    { what: "faucet drip", figure: `${drip} gas` },
    { what: "wrap fUSD into fUSDx (upgrade)", figure: `${wrap} gas` },
  ]);
}
