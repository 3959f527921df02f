/**
 * Demo seeding step: money moving on first open. On one of the artist's works (the first one registered, or a
 * work of its own if there is none yet) it makes sure the "AI training, streamed and metered" terms are
 * attached, enables revenue shares, sells a quarter of them to the fan, has the AI company buy a streamed
 * license, open a stream into the work's royalty pool at twice the terms' minimum rate and settle a signed usage
 * receipt. Running it twice changes nothing that is already in place.
 */
import { createHash } from "node:crypto";
import type { Address, Hex } from "viem";
import { concat, maxUint256, toHex, zeroAddress } from "viem";
import {
  gdaV1ForwarderAbi,
  iPRegistryAbi,
  licenseTermsAbi,
  licenseTokenAbi,
  royaltyPoolsAbi,
  shareTokenAbi,
  superTokenAbi,
  usageMeterAbi,
} from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import { nodeClients } from "../stack/local-stack";

const STREAMED_PRESET = "AI training, streamed and metered";

export interface SeededStream {
  ipId: bigint;
  pool: Address;
  shareToken: Address;
  licenseId: bigint;
  flowRate: bigint;
}

export async function seedStreams(deployment: Deployment): Promise<SeededStream> {
  const { clients } = await nodeClients(deployment.rpcUrl);
  const { publicClient, walletClient } = clients;
  const { artist, aiCompany, fan } = deployment.devAccounts ?? {};
  if (!artist || !aiCompany || !fan) throw new Error("seedStreams needs the dev accounts (local chain only)");
  const c = deployment.contracts as Record<string, Address>;
  const superToken = deployment.currency.superToken;
  const forwarder = deployment.superfluid.gdaV1Forwarder;

  const send = async (account: Address, request: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[] }) => {
    const hash = await walletClient.writeContract({ ...request, account, chain: walletClient.chain } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`seeding: ${request.functionName} reverted (${hash})`);
    return receipt;
  };
  const read = <T>(address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
    publicClient.readContract({ address, abi: abi as never, functionName, args } as never) as Promise<T>;

  // The terms id of the streamed preset, as LicenseTerms ships it.
  const [names, ids] = await read<[string[], bigint[]]>(c.LicenseTerms, licenseTermsAbi, "presets");
  const streamedTerms = ids[names.indexOf(STREAMED_PRESET)];
  const terms = await read<{ minStreamRate: bigint }>(c.LicenseTerms, licenseTermsAbi, "getTerms", [streamedTerms]);

  // A work of the artist's: the first registered, or one of our own.
  let ipId = 0n;
  const count = await read<bigint>(c.IPRegistry, iPRegistryAbi, "ipCount");
  for (let id = 1n; id <= count && ipId === 0n; id++) {
    const owner = await read<Address>(c.IPRegistry, iPRegistryAbi, "ownerOf", [id]);
    const parents = await read<bigint>(c.IPRegistry, iPRegistryAbi, "parentCount", [id]);
    if (owner.toLowerCase() === artist.toLowerCase() && parents === 0n) ipId = id;
  }
  if (ipId === 0n) {
    const digest = (text: string): Hex => `0x${createHash("sha256").update(text).digest("hex")}`;
    const cid = (d: Hex): Hex => concat([toHex(new Uint8Array([1, 0x55, 0x12, 0x20])), d]);
    const contentHash = digest("demo: a streamed training set");
    const receipt = await send(artist, {
      address: c.IPRegistry,
      abi: iPRegistryAbi,
      functionName: "register",
      args: [
        {
          kind: 2,
          contentHash,
          contentCid: cid(contentHash),
          metadataCid: cid(digest(JSON.stringify({ name: "Demo training set", kind: "dataset" }))),
          c2paManifestHash: `0x${"00".repeat(32)}`,
          royaltyBps: 500,
          parentLicenseIds: [],
          termsIds: [],
        },
      ],
    });
    ipId = await read<bigint>(c.IPRegistry, iPRegistryAbi, "ipIdOfContentHash", [contentHash]);
    void receipt;
  }

  const attached = await read<bigint[]>(c.LicenseToken, licenseTokenAbi, "attachedTerms", [ipId]);
  if (!attached.includes(streamedTerms)) {
    await send(artist, { address: c.LicenseToken, abi: licenseTokenAbi, functionName: "attachTerms", args: [ipId, streamedTerms] });
  }

  // Revenue shares: enabled, the artist connected, a quarter sold to the fan.
  if ((await read<Address>(c.RoyaltyPools, royaltyPoolsAbi, "shareTokenOf", [ipId])) === zeroAddress) {
    await send(artist, { address: c.RoyaltyPools, abi: royaltyPoolsAbi, functionName: "enableShares", args: [ipId] });
  }
  const shareToken = await read<Address>(c.RoyaltyPools, royaltyPoolsAbi, "shareTokenOf", [ipId]);
  const pool = await read<Address>(c.RoyaltyPools, royaltyPoolsAbi, "poolOf", [ipId]);
  const [, , artistConnected] = await read<[bigint, bigint, boolean]>(c.RoyaltyPools, royaltyPoolsAbi, "holderIncome", [ipId, artist]);
  if (!artistConnected) await send(artist, { address: forwarder, abi: gdaV1ForwarderAbi, functionName: "connectPool", args: [pool, "0x"] });
  if ((await read<bigint>(shareToken, shareTokenAbi, "balanceOf", [fan])) === 0n) {
    const quarter = 250_000n;
    const price = 10n ** BigInt(deployment.currency.decimals - 4); // 0.0001 per share: 25 for a quarter
    await send(artist, { address: shareToken, abi: shareTokenAbi, functionName: "openSale", args: [quarter, price] });
    await send(fan, { address: superToken, abi: superTokenAbi, functionName: "approve", args: [shareToken, maxUint256] });
    await send(fan, { address: shareToken, abi: shareTokenAbi, functionName: "buyShares", args: [quarter, price] });
  }

  // The AI company: a streamed license, a stream at twice the minimum, a settled usage receipt.
  let licenseId = await read<bigint>(c.LicenseToken, licenseTokenAbi, "findLicense", [ipId, aiCompany, 0]);
  const held = await read<bigint[]>(c.LicenseToken, licenseTokenAbi, "licensesOf", [ipId, aiCompany]);
  for (const id of held) {
    const license = await read<{ termsId: number }>(c.LicenseToken, licenseTokenAbi, "getLicense", [id]);
    if (BigInt(license.termsId) === streamedTerms) licenseId = id;
  }
  if (licenseId === 0n) {
    await send(aiCompany, { address: c.LicenseToken, abi: licenseTokenAbi, functionName: "buyLicense", args: [ipId, streamedTerms, 0n] });
    licenseId = (await read<bigint[]>(c.LicenseToken, licenseTokenAbi, "licensesOf", [ipId, aiCompany])).at(-1)!;
  }
  const flowRate = terms.minStreamRate * 2n;
  const flowing = await read<bigint>(c.RoyaltyPools, royaltyPoolsAbi, "licenseeFlowRate", [ipId, aiCompany]);
  if (flowing < terms.minStreamRate) {
    await send(aiCompany, { address: forwarder, abi: gdaV1ForwarderAbi, functionName: "distributeFlow", args: [superToken, aiCompany, pool, flowRate, "0x"] });
  }
  const usage = await read<{ reported: bigint }>(c.UsageMeter, usageMeterAbi, "usageOf", [licenseId]);
  if (usage.reported === 0n) {
    await send(aiCompany, { address: superToken, abi: superTokenAbi, functionName: "approve", args: [c.UsageMeter, maxUint256] });
    const receipt = { licenseId, cumulativeUnits: 3n };
    const signature = await walletClient.signTypedData({
      account: aiCompany,
      domain: { name: "IPNFT UsageMeter", version: "1", chainId: deployment.chainId, verifyingContract: c.UsageMeter },
      types: { UsageReceipt: [{ name: "licenseId", type: "uint256" }, { name: "cumulativeUnits", type: "uint64" }] },
      primaryType: "UsageReceipt",
      message: receipt,
    });
    await send(aiCompany, { address: c.UsageMeter, abi: usageMeterAbi, functionName: "settle", args: [receipt, signature] });
  }
  return { ipId, pool, shareToken, licenseId, flowRate };
}
