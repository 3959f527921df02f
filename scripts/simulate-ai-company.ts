/**
 * An AI company on the local chain: it buys a streamed AI-training license (our protocol's verbs, viem), opens its
 * royalty stream into the work's GDA pool with Superfluid's own SDK (`@superfluid-finance/sdk-core`, ethers 5:
 * `superToken.distributeFlow`), signs and settles a metered usage receipt, and prints the share holders' balances,
 * read through the SDK, growing second by second.
 *
 *   npx tsx scripts/simulate-ai-company.ts [--seconds 10] [--rate-multiple 3]
 *
 * Needs a running chain with everything deployed (`npm run dev`); reads `deployments/31337.json` (or
 * $DEPLOYMENTS_DIR). The chain must mine on an interval (the dev node does) for balances to move between calls.
 */

import { parseArgs } from "node:util";
import { iPRegistryAbi } from "@ipnft/protocol/abis";
import { readDeployment } from "@ipnft/protocol/deployment-file";
import { licensePrice } from "@ipnft/protocol/terms";
import {
  approveCurrency,
  attachedTerms,
  buyLicenseSteps,
  contractAddress,
  enableShares,
  hasAccess,
  ipIdOfContentHash,
  licenseeFlowRate,
  licenseUnderTerms,
  presetNamed,
  purchasedLicenseId,
  registrationSteps,
  sendSteps,
  sendWrite,
  settleUsage,
  shareHolders,
  sharesOf,
  termsPresets,
  unpaidUnits,
  usageOf,
  usageReceiptTypedData,
} from "@ipnft/protocol/verbs";
import { Framework, SuperfluidPoolClass } from "@superfluid-finance/sdk-core";
import { ethers } from "ethers";
import { type Address, formatUnits, maxUint256, sha256, stringToBytes } from "viem";
import { nodeClients } from "./stack/local-stack";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "10" }, "rate-multiple": { type: "string", default: "3" } },
});
const deployment = readDeployment(31337);
const { artist, aiCompany } = deployment.devAccounts ?? {};
if (!artist || !aiCompany) throw new Error("the deployment file has no dev accounts: run this against `npm run dev`");
// Our protocol through its verbs (viem); Superfluid through its own SDK (ethers 5).
const { clients } = await nodeClients(deployment.rpcUrl);
const { publicClient } = clients;
const as = (account: Address) => ({ ...clients, account });
const provider = new ethers.providers.JsonRpcProvider(deployment.rpcUrl);
const company = provider.getSigner(aiCompany);
const fmt = (wei: ethers.BigNumberish | bigint) =>
  Number(formatUnits(BigInt(wei.toString()), deployment.currency.decimals)).toFixed(9);

// 1. Superfluid's SDK, pointed at our local framework through its resolver.
const sf = await Framework.create({
  chainId: deployment.chainId,
  provider,
  resolverAddress: deployment.superfluid.resolver,
  protocolReleaseVersion: "test",
});
const fUSDx = await sf.loadSuperToken(deployment.currency.superToken);
console.log(
  `Superfluid SDK ready: host ${sf.settings.config.hostAddress}, token ${await fUSDx.symbol({ providerOrSigner: provider })}`,
);

// 2. A trainable work with revenue shares and the streamed preset (the artist sets one up if none exists).
const { termsId: streamedTerms, terms } = presetNamed(
  await termsPresets(publicClient, deployment),
  "AI training, streamed and metered",
);
let ipId = 0n;
const count = await publicClient.readContract({
  address: contractAddress(deployment, "IPRegistry"),
  abi: iPRegistryAbi,
  functionName: "ipCount",
});
for (let id = 1n; id <= count && ipId === 0n; id++) {
  const offered = (await attachedTerms(publicClient, deployment, id)).includes(streamedTerms);
  if (offered && (await sharesOf(publicClient, deployment, id))) ipId = id;
}
if (ipId === 0n) {
  const contentHash = sha256(stringToBytes(`simulated training set ${Date.now()}`));
  const cid = `0x01551220${contentHash.slice(2)}` as const;
  const registration = {
    kind: "Dataset" as const,
    contentHash,
    contentCid: cid,
    metadataCid: cid,
    termsIds: [streamedTerms],
  };
  await sendSteps(as(artist), registrationSteps(deployment, registration, { creator: artist }));
  ipId = await ipIdOfContentHash(publicClient, deployment, contentHash);
  await sendWrite(as(artist), enableShares(deployment, ipId));
}
const { pool: poolAddress, shareToken: shareTokenAddress } = (await sharesOf(publicClient, deployment, ipId))!;
const pool = new SuperfluidPoolClass(poolAddress);
console.log(`Work #${ipId}: pool ${poolAddress}, share token ${shareTokenAddress}`);

// 3. Buy the streamed license (its minimum period prepaid) unless the company already holds one.
let licenseId = await licenseUnderTerms(publicClient, deployment, ipId, aiCompany, streamedTerms);
if (licenseId === 0n) {
  const purchase = { ipId, termsId: streamedTerms, maxFee: licensePrice(terms) };
  licenseId = purchasedLicenseId((await sendSteps(as(aiCompany), buyLicenseSteps(deployment, purchase))).at(-1)!.logs)!;
}
const access = () => hasAccess(publicClient, deployment, ipId, aiCompany, "training");
console.log(`License #${licenseId}: hasAccess(AI training) before this run opens its stream = ${await access()}`);

// 4. Open (or resize) the royalty stream with the SDK: distributeFlow from the company into the pool.
const rate = terms.minStreamRate * BigInt(values["rate-multiple"]!);
await (
  await fUSDx.distributeFlow({ from: aiCompany, pool: poolAddress, requestedFlowRate: rate.toString() }).exec(company)
).wait();
const actual = await licenseeFlowRate(publicClient, deployment, ipId, aiCompany);
const symbol = deployment.currency.superTokenSymbol;
console.log(`Streaming ${fmt(actual)} ${symbol}/s into the pool (asked ${fmt(rate)}); hasAccess = ${await access()}`);

// 5. Metered usage: sign a cumulative receipt (EIP-712) and settle it.
const reported = (await usageOf(publicClient, deployment, licenseId, aiCompany)).reported;
const receipt = { licenseId, licensee: aiCompany, cumulativeUnits: reported + 5n };
const meter = contractAddress(deployment, "UsageMeter");
await sendWrite(as(aiCompany), approveCurrency(deployment, meter, maxUint256));
const signature = await clients.walletClient.signTypedData({
  account: aiCompany,
  ...usageReceiptTypedData(deployment, receipt),
});
const settled = await sendWrite(as(aiCompany), settleUsage(deployment, receipt, signature));
console.log(
  `Settled usage up to ${receipt.cumulativeUnits} units (tx ${settled.transactionHash}); unpaid now ${await unpaidUnits(publicClient, deployment, licenseId, aiCompany)}`,
);

// 6. Holders' balances growing, read through the SDK at the latest block's time.
const seconds = Number(values.seconds);
for (let t = 0; t <= seconds; t += 2) {
  const block = await provider.getBlock("latest");
  const rows = [];
  for (const [holder, shares] of await shareHolders(publicClient, deployment, shareTokenAddress)) {
    const [balance, flow, claimable] = await Promise.all([
      fUSDx.realtimeBalanceOf({ account: holder, timestamp: block.timestamp, providerOrSigner: provider }),
      pool.getMemberFlowRate({ member: holder, providerOrSigner: provider }),
      pool.getClaimable({ member: holder, time: String(block.timestamp), providerOrSigner: provider }),
    ]);
    rows.push({
      holder,
      shares: Number(shares),
      "flow/s": fmt(flow),
      balance: fmt(balance.availableBalance),
      claimable: fmt(claimable),
    });
  }
  console.log(`block ${block.number} at ${new Date(block.timestamp * 1000).toISOString()}`);
  console.table(rows);
  if (t < seconds) await new Promise((resolve) => setTimeout(resolve, 2000));
}
