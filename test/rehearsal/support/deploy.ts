/**
 * Our deployment on the rehearsal chain in production mode: given only the metadata-shaped Superfluid file and the
 * currency SuperToken's address, it deploys the product's contracts (no faucet, no test token, no dev accounts) and
 * writes `<deploymentsDir>/84532.json`.
 */
import { readFileSync } from "node:fs";
import { superTokenAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import { writeDeployment } from "@ipnft/protocol/deployment-file";
import { type Address, erc20Abi, getAddress, type PrivateKeyAccount } from "viem";
import { deployProtocol } from "../../../scripts/deploy/protocol";
import { clientsFor } from "./chain";

export interface ProductionDeployInput {
  rpcUrl: string;
  deployer: PrivateKeyAccount;
  superfluidFile: string;
  superToken: Address;
  deploymentsDir: string;
}

export async function deployInProductionMode(input: ProductionDeployInput) {
  const clients = clientsFor(input.rpcUrl, input.deployer);
  const { publicClient } = clients;
  const lines: string[] = [];
  const say = (line: string) => lines.push(line);
  const { contractsV1: sf } = JSON.parse(readFileSync(input.superfluidFile, "utf8")) as {
    contractsV1: Record<string, Address>;
  };
  const token = { address: input.superToken, abi: superTokenAbi } as const;
  const host = await publicClient.readContract({ ...token, functionName: "getHost" });
  if (getAddress(host) !== getAddress(sf.host)) {
    throw new Error(`${input.superToken} is not a SuperToken of the Superfluid host ${sf.host}`);
  }
  const underlying = await publicClient.readContract({ ...token, functionName: "getUnderlyingToken" });
  const read = (address: Address, functionName: "symbol" | "decimals") =>
    publicClient.readContract({ address, abi: erc20Abi, functionName });
  const currency: Deployment["currency"] = {
    underlying: getAddress(underlying),
    underlyingSymbol: String(await read(underlying, "symbol")),
    superToken: getAddress(input.superToken),
    superTokenSymbol: String(await read(input.superToken, "symbol")),
    decimals: Number(await read(input.superToken, "decimals")),
  };
  say(`chain ${await publicClient.getChainId()}, deployer ${input.deployer.address}`);
  say(`superfluid host ${sf.host} (from ${input.superfluidFile})`);
  say(
    `currency ${currency.superTokenSymbol} ${currency.superToken} wrapping ${currency.underlyingSymbol} ${underlying}`,
  );
  const superfluid: Deployment["superfluid"] = {
    host: sf.host,
    cfa: sf.cfaV1,
    gda: sf.gdaV1,
    superTokenFactory: sf.superTokenFactory,
    resolver: sf.resolver,
    cfaV1Forwarder: sf.cfaV1Forwarder,
    gdaV1Forwarder: sf.gdaV1Forwarder,
    macroForwarder: sf.macroForwarder,
  };
  const contracts = await deployProtocol(clients, {
    framework: { ...superfluid, frameworkDeployer: sf.host },
    currency,
  });
  for (const [name, address] of Object.entries(contracts)) say(`deployed ${name} at ${address}`);
  const deployment: Deployment = {
    chainId: await publicClient.getChainId(),
    rpcUrl: input.rpcUrl,
    startBlock: Number(await publicClient.getBlockNumber()),
    superfluid,
    currency,
    contracts,
  };
  say(`wrote ${writeDeployment(deployment, input.deploymentsDir)}`);
  return { deployment, output: lines.join("\n") };
}
