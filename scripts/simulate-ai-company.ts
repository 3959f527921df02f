/**
 * An AI company on the local chain, driven through Superfluid's own SDK (`@superfluid-finance/sdk-core`, ethers 5):
 * it buys a streamed AI-training license, opens its royalty stream into the work's GDA pool with
 * `superToken.distributeFlow`, signs and settles a metered usage receipt, and prints the share holders'
 * balances growing second by second.
 *
 *   npx tsx scripts/simulate-ai-company.ts [--seconds 10] [--rate-multiple 3]
 *
 * Needs a running chain with everything deployed (`npm run dev`); reads `deployments/31337.json` (or
 * $DEPLOYMENTS_DIR). The chain must mine on an interval (the dev node does) for balances to move between calls.
 */
import { parseArgs } from "node:util";
import { Framework, SuperfluidPoolClass } from "@superfluid-finance/sdk-core";
import { ethers } from "ethers";
import {
  iPRegistryAbi,
  licenseTermsAbi,
  licenseTokenAbi,
  royaltyPoolsAbi,
  shareTokenAbi,
  usageMeterAbi,
} from "@ipnft/protocol/abis";
import { readDeployment } from "@ipnft/protocol/deployment-file";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "10" }, "rate-multiple": { type: "string", default: "3" } },
});
const deployment = readDeployment(31337);
const provider = new ethers.providers.JsonRpcProvider(deployment.rpcUrl);
const { artist, aiCompany } = deployment.devAccounts ?? {};
if (!artist || !aiCompany) throw new Error("the deployment file has no dev accounts: run this against `npm run dev`");
const company = provider.getSigner(aiCompany);
const contracts = deployment.contracts as Record<string, string>;
const contract = (name: string, abi: readonly unknown[], signer: ethers.Signer | ethers.providers.Provider = company) =>
  new ethers.Contract(contracts[name], abi as ethers.ContractInterface, signer);
const registry = contract("IPRegistry", iPRegistryAbi);
const termsBook = contract("LicenseTerms", licenseTermsAbi);
const licenses = contract("LicenseToken", licenseTokenAbi);
const pools = contract("RoyaltyPools", royaltyPoolsAbi);
const meter = contract("UsageMeter", usageMeterAbi);
const mined = async (tx: Promise<ethers.ContractTransaction>) => (await tx).wait();
const fmt = (wei: ethers.BigNumberish) => Number(ethers.utils.formatUnits(wei, deployment.currency.decimals)).toFixed(9);

// 1. Superfluid's SDK, pointed at our local framework through its resolver.
const sf = await Framework.create({
  chainId: deployment.chainId,
  provider,
  resolverAddress: deployment.superfluid.resolver,
  protocolReleaseVersion: "test",
});
const fUSDx = await sf.loadSuperToken(deployment.currency.superToken);
console.log(`Superfluid SDK ready: host ${sf.settings.config.hostAddress}, token ${await fUSDx.symbol({ providerOrSigner: provider })}`);

// 2. A trainable work with revenue shares and the streamed preset (the artist sets one up if none exists).
const [names, ids] = (await termsBook.presets()) as [string[], ethers.BigNumber[]];
const streamedTerms = ids[names.indexOf("AI training, streamed and metered")];
const terms = await termsBook.getTerms(streamedTerms);
let ipId = ethers.BigNumber.from(0);
const count = (await registry.ipCount()) as ethers.BigNumber;
for (let id = 1; id <= count.toNumber() && ipId.isZero(); id++) {
  const attached = (await licenses.attachedTerms(id)) as ethers.BigNumber[];
  const pool = (await pools.poolOf(id)) as string;
  if (attached.some((t) => t.eq(streamedTerms)) && pool !== ethers.constants.AddressZero) ipId = ethers.BigNumber.from(id);
}
if (ipId.isZero()) {
  const asArtist = registry.connect(provider.getSigner(artist));
  const digest = ethers.utils.sha256(ethers.utils.toUtf8Bytes(`simulated training set ${Date.now()}`));
  const cid = ethers.utils.hexConcat(["0x01551220", digest]);
  await mined(asArtist.register({ kind: 2, contentHash: digest, contentCid: cid, metadataCid: cid, c2paManifestHash: ethers.constants.HashZero, royaltyBps: 500, parentLicenseIds: [], termsIds: [streamedTerms] }));
  ipId = await registry.ipIdOfContentHash(digest);
  await mined(pools.connect(provider.getSigner(artist)).enableShares(ipId));
}
const poolAddress = (await pools.poolOf(ipId)) as string;
const shareToken = new ethers.Contract(await pools.shareTokenOf(ipId), shareTokenAbi as ethers.ContractInterface, provider);
const pool = new SuperfluidPoolClass(poolAddress);
console.log(`Work #${ipId}: pool ${poolAddress}, share token ${shareToken.address}`);

// 3. Buy the streamed license (no upfront fee) unless the company already holds one.
let licenseId = ethers.BigNumber.from(0);
for (const id of (await licenses.licensesOf(ipId, aiCompany)) as ethers.BigNumber[]) {
  if (((await licenses.getLicense(id)).termsId as number) === streamedTerms.toNumber()) licenseId = id;
}
if (licenseId.isZero()) {
  await mined(licenses.buyLicense(ipId, streamedTerms, 0));
  licenseId = ((await licenses.licensesOf(ipId, aiCompany)) as ethers.BigNumber[]).at(-1)!;
}
console.log(`License #${licenseId}: hasAccess(AI training) before this run opens its stream = ${await licenses.hasAccess(ipId, aiCompany, 0)}`);

// 4. Open (or resize) the royalty stream with the SDK: distributeFlow from the company into the pool.
const rate = ethers.BigNumber.from(terms.minStreamRate).mul(values["rate-multiple"]!);
await (await fUSDx.distributeFlow({ from: aiCompany, pool: poolAddress, requestedFlowRate: rate.toString() }).exec(company)).wait();
const actual = (await pools.licenseeFlowRate(ipId, aiCompany)) as ethers.BigNumber;
console.log(`Streaming ${fmt(actual)} ${deployment.currency.superTokenSymbol}/s into the pool (asked ${fmt(rate)}); hasAccess = ${await licenses.hasAccess(ipId, aiCompany, 0)}`);

// 5. Metered usage: sign a cumulative receipt (EIP-712) and settle it.
const usage = await meter.usageOf(licenseId);
const cumulativeUnits = ethers.BigNumber.from(usage.reported).add(5);
await mined(new ethers.Contract(deployment.currency.superToken, ["function approve(address,uint256) returns (bool)"], company).approve(contracts.UsageMeter, ethers.constants.MaxUint256));
const signature = await company._signTypedData(
  { name: "IPNFT UsageMeter", version: "1", chainId: deployment.chainId, verifyingContract: contracts.UsageMeter },
  { UsageReceipt: [{ name: "licenseId", type: "uint256" }, { name: "cumulativeUnits", type: "uint64" }] },
  { licenseId, cumulativeUnits },
);
const settled = await mined(meter.settle({ licenseId, cumulativeUnits }, signature));
console.log(`Settled usage up to ${cumulativeUnits} units (tx ${settled.transactionHash}); unpaid now ${await meter.unpaidUnits(licenseId)}`);

// 6. Holders' balances growing, read through the SDK at the latest block's time.
const holders = new Set<string>();
for (const ev of await shareToken.queryFilter(shareToken.filters.Transfer(), deployment.startBlock)) holders.add(ev.args!.to as string);
const seconds = Number(values.seconds);
for (let t = 0; t <= seconds; t += 2) {
  const block = await provider.getBlock("latest");
  const rows = [];
  for (const holder of holders) {
    const [balance, flow, claimable, shares] = await Promise.all([
      fUSDx.realtimeBalanceOf({ account: holder, timestamp: block.timestamp, providerOrSigner: provider }),
      pool.getMemberFlowRate({ member: holder, providerOrSigner: provider }),
      pool.getClaimable({ member: holder, time: String(block.timestamp), providerOrSigner: provider }),
      shareToken.balanceOf(holder) as Promise<ethers.BigNumber>,
    ]);
    if (shares.isZero()) continue;
    rows.push({ holder, shares: shares.toNumber(), "flow/s": fmt(flow), balance: fmt(balance.availableBalance), claimable: fmt(claimable) });
  }
  console.log(`block ${block.number} at ${new Date(block.timestamp * 1000).toISOString()}`);
  console.table(rows);
  if (t < seconds) await new Promise((resolve) => setTimeout(resolve, 2000));
}
