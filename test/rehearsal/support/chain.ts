/**
 * The rehearsal's public network: a Hardhat node under Base Sepolia's chain id (84532), on which everything that
 * exists before our deployment on a real network is put there first, each by its own party and key: Superfluid's
 * framework (standing in for the canonical deployment, written as a metadata-shaped address file) and the currency
 * (a stablecoin and its wrapper SuperToken, standing in for USDC/USDCx). Everyone pays gas from their own key; nobody
 * uses the node's unlocked accounts.
 */
import { type Account, createPublicClient, createWalletClient, type Hex, http, parseEther } from "viem";
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { baseSepolia } from "viem/chains";
import { type Clients, deploySuperfluidFramework } from "../../../scripts/deploy/superfluid";
import { writeSuperfluidFile } from "../../../scripts/deploy/superfluid-addresses";

export const REHEARSAL_CHAIN_ID = baseSepolia.id;

/** Base Sepolia as viem knows it, reached through the rehearsal node. */
export const rehearsalChain = (rpcUrl: string) => ({ ...baseSepolia, rpcUrls: { default: { http: [rpcUrl] } } });

/** Clients that send as `account`, which signs here. */
export function clientsFor(rpcUrl: string, account: Account): Clients {
  const chain = rehearsalChain(rpcUrl);
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 100 });
  const walletClient = createWalletClient({ chain, transport: http(rpcUrl), account });
  return { publicClient, walletClient } as unknown as Clients;
}

/** An account that signs with its own key, which is kept for the processes that need it (the gateway). */
export type Party = PrivateKeyAccount & { key: Hex };

/** The parties of the rehearsal, each with a fresh key of its own. */
export interface Parties {
  /** Stands in for Superfluid's deployer of the canonical framework. */
  superfluid: Party;
  /** Stands in for the stablecoin's issuer (Circle, for USDC). */
  issuer: Party;
  /** Deploys our contracts (`npm run deploy` in production mode). */
  deployer: Party;
  /** The gateway's settlement key (GATEWAY_PRIVATE_KEY). */
  gateway: Party;
  artist: Party;
  aiCompany: Party;
  fan: Party;
}

export function newParties(): Parties {
  const key = (): Party => {
    const secret = generatePrivateKey();
    return Object.assign(privateKeyToAccount(secret), { key: secret });
  };
  return {
    superfluid: key(),
    issuer: key(),
    deployer: key(),
    gateway: key(),
    artist: key(),
    aiCompany: key(),
    fan: key(),
  };
}

/**
 * Gives every party gas money. On a public testnet this is a faucet's job; the node's balance override stands in
 * for it (no transaction from an unlocked account).
 */
export async function fundGas(rpcUrl: string, parties: Parties, ether = "100") {
  const client = createPublicClient({ chain: rehearsalChain(rpcUrl), transport: http(rpcUrl) });
  for (const party of Object.values(parties)) {
    await client.request({
      method: "hardhat_setBalance",
      params: [party.address, `0x${parseEther(ether).toString(16)}`],
    } as never);
  }
}

/**
 * Superfluid's canonical deployment, stood in for: the real framework deployed by its own key, and its addresses
 * written as `@superfluid-finance/metadata` has them for a network (`contractsV1`), the only thing our deploy reads.
 */
export async function deployCanonicalSuperfluid(rpcUrl: string, parties: Parties, file: string) {
  const { frameworkDeployer: _, ...superfluid } = await deploySuperfluidFramework(
    clientsFor(rpcUrl, parties.superfluid),
  );
  writeSuperfluidFile(file, superfluid);
  return superfluid;
}
