import { createRequire } from "node:module";
import type { Deployment } from "@ipnft/protocol/deployment";
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { getAddress, parseEther } from "viem";
import { type Artifact, linkBytecode, superfluidArtifact } from "./artifacts";

/** A viem wallet client that has an account to send from. */
export type Signer = WalletClient<Transport, Chain | undefined, Account>;

export interface Clients {
  publicClient: PublicClient;
  walletClient: Signer;
}

/** Every address of the Superfluid framework that the product uses (as the deployment file names them), and its deployer. */
export type SuperfluidFramework = Deployment["superfluid"] & { frameworkDeployer: Address };

export const frameworkDeployerArtifact = superfluidArtifact(
  "utils/SuperfluidFrameworkDeployer.t.sol/SuperfluidFrameworkDeployer",
);

// ERC-1820 is deployed by Nick's method: a presigned transaction from a keyless account,
// so the registry lands at the same address on every chain.
const ERC1820_ADDRESS = "0x1820a4b7618bde71dce8cdc73aab6c95905fad24";
const ERC1820_DEPLOYER = "0xa990077c3205cbDf861e17Fa532eeB069cE9fF96";
const ERC1820_SIGNATURE =
  "1ba01820182018201820182018201820182018201820182018201820182018201820a01820182018201820182018201820182018201820182018201820182018201820";

// The framework deployer needs these linked, in this order: each may link the ones before it.
const libraryArtifacts = [
  "libs/SlotsBitmapLibrary.sol/SlotsBitmapLibrary",
  "agreements/gdav1/SuperfluidPoolDeployerLibrary.sol/SuperfluidPoolDeployerLibrary",
  ...[
    "SuperfluidGovDeployerLibrary",
    "SuperfluidHostDeployerLibrary",
    "SuperfluidCFAv1DeployerLibrary",
    "SuperfluidIDAv1DeployerLibrary",
    "SuperfluidGDAv1DeployerLibrary",
    "SuperTokenDeployerLibrary",
    "SuperfluidPeripheryDeployerLibrary",
    "SuperfluidPoolLogicDeployerLibrary",
    "SuperfluidPoolNFTLogicDeployerLibrary",
    "ProxyDeployerLibrary",
    "CFAv1ForwarderDeployerLibrary",
    "GDAv1ForwarderDeployerLibrary",
    "SuperTokenFactoryDeployerLibrary",
    "TokenDeployerLibrary",
  ].map((name) => `utils/SuperfluidFrameworkDeploymentSteps.t.sol/${name}`),
].map(superfluidArtifact);

/** Deploys an artifact (linking the given libraries) and waits for it to be mined. */
export async function deployArtifact(
  { publicClient, walletClient }: Clients,
  artifact: Artifact,
  args: readonly unknown[] = [],
  libraries: Record<string, Address> = {},
): Promise<Address> {
  const hash = await walletClient.deployContract({
    abi: artifact.abi,
    bytecode: linkBytecode(artifact, libraries),
    args,
    account: walletClient.account,
    chain: walletClient.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !receipt.contractAddress) {
    throw new Error(`deploying ${artifact.contractName} reverted (tx ${hash})`);
  }
  return getAddress(receipt.contractAddress);
}

async function deployErc1820Registry({ publicClient, walletClient }: Clients): Promise<void> {
  const code = await publicClient.getCode({ address: ERC1820_ADDRESS });
  if (code && code !== "0x") return;
  const { bin } = createRequire(import.meta.url)(
    "@superfluid-finance/ethereum-contracts/dev-scripts/artifacts/ERC1820Registry.json",
  ) as { bin: string };
  const fund = await walletClient.sendTransaction({
    to: ERC1820_DEPLOYER,
    value: parseEther("0.08"),
    account: walletClient.account,
    chain: walletClient.chain,
  });
  await publicClient.waitForTransactionReceipt({ hash: fund });
  const payload = `0xf90a388085174876e800830c35008080b909e5${bin}${ERC1820_SIGNATURE}` as Hex;
  const hash = await publicClient.request({ method: "eth_sendRawTransaction", params: [payload] });
  await publicClient.waitForTransactionReceipt({ hash });
}

/**
 * Deploys the real Superfluid framework (host, CFAv1, GDAv1, pools, SuperTokenFactory, resolver,
 * forwarders) from the compiled artifacts of `@superfluid-finance/ethereum-contracts`.
 * Needs a chain with unlimited contract size, the Prague hardfork and a 100M block gas limit.
 */
export async function deploySuperfluidFramework(clients: Clients): Promise<SuperfluidFramework> {
  const { publicClient, walletClient } = clients;
  await deployErc1820Registry(clients);

  const libraries: Record<string, Address> = {};
  for (const artifact of libraryArtifacts) {
    libraries[artifact.contractName] = await deployArtifact(clients, artifact, [], libraries);
  }
  const frameworkDeployer = await deployArtifact(clients, frameworkDeployerArtifact, [], libraries);

  const deployer = { address: frameworkDeployer, abi: frameworkDeployerArtifact.abi } as const;
  const steps = (await publicClient.readContract({ ...deployer, functionName: "getNumSteps" })) as number;
  for (let step = 0; step < steps; step++) {
    const hash = await walletClient.writeContract({
      ...deployer,
      functionName: "executeStep",
      args: [step],
      account: walletClient.account,
      chain: walletClient.chain,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`Superfluid deployment step ${step} reverted`);
  }

  const framework = (await publicClient.readContract({ ...deployer, functionName: "getFramework" })) as Record<
    string,
    Address
  >;
  return {
    frameworkDeployer,
    host: getAddress(framework.host),
    cfa: getAddress(framework.cfa),
    gda: getAddress(framework.gda),
    superTokenFactory: getAddress(framework.superTokenFactory),
    resolver: getAddress(framework.resolver),
    cfaV1Forwarder: getAddress(framework.cfaV1Forwarder),
    gdaV1Forwarder: getAddress(framework.gdaV1Forwarder),
    macroForwarder: getAddress(framework.macroForwarder),
  };
}
