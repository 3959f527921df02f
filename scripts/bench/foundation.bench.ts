/** The foundation: how long the real Superfluid framework takes to deploy, and the gas of the first steps a newcomer takes. */

import { drip as dripRequest, sendSteps, sendWrite, wrapSteps } from "@ipnft/protocol/verbs";
import { network } from "hardhat";
import { parseUnits } from "viem";
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

  const amount = parseUnits("100", deployment.currency.underlyingDecimals); // wrapSteps takes the stablecoin
  const sender = { publicClient, walletClient: user };
  const drip = (await sendWrite(sender, dripRequest(deployment, user.account.address))).gasUsed;
  const wrap = (await sendSteps(sender, wrapSteps(deployment, amount))).at(-1)!.gasUsed;

  console.table([
    { what: "deploy Superfluid + currency + our contracts (in-process)", figure: `${deployMs.toFixed(0)} ms` },
    { what: "faucet drip", figure: `${drip} gas` },
    { what: "wrap tUSDC into tUSDCx (upgrade)", figure: `${wrap} gas` },
  ]);
}
