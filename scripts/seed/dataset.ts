/**
 * Demo seeding step: one small dataset, so the dataset pages have one on first open. The artist curates "Demo
 * dataset: first works" from up to four original works of the catalog (its own join on its ownership, the other
 * artists' with their signed EIP-712 consent), keeps 20% of the income, and offers it under "AI training, flat
 * fee". Running it twice changes nothing that is already in place.
 */

import { createContentStore } from "@ipnft/gateway/content/store";
import { iPRegistryAbi } from "@ipnft/protocol/abis";
import { cidBytes, rawCidOf } from "@ipnft/protocol/content";
import type { Deployment } from "@ipnft/protocol/deployment";
import {
  addMembers,
  attachedTerms,
  attachTerms,
  createDataset,
  datasetOf,
  ipIdOfContentHash,
  type MemberConsent,
  memberConsentTypedData,
  newConsentNonce,
  presetNamed,
  registrationSteps,
  sendSteps,
  sendWrite,
  termsPresets,
} from "@ipnft/protocol/verbs";
import type { WorkMetadata } from "@ipnft/protocol/work-metadata";
import type { Address } from "viem";
import { nodeClients } from "../stack/local-stack";

const MEMBERS = 4;
const CURATOR_BPS = 2000;
const TITLE = "Demo dataset: first works";
const DESCRIPTION =
  "The first original works of the demo catalog, each contributor paid by weight through one GDA pool.";

export async function seedDataset(
  deployment: Deployment,
  options: { dataDir?: string } = {},
): Promise<{ datasetId: bigint; members: bigint[] }> {
  const { clients } = await nodeClients(deployment.rpcUrl);
  const { publicClient, walletClient } = clients;
  const curator = deployment.devAccounts?.artist;
  if (!curator) throw new Error("seedDataset needs the dev accounts (local chain only)");
  const as = (account: Address) => ({ ...clients, account });
  const registry = { address: deployment.contracts.IPRegistry as Address, abi: iPRegistryAbi } as const;

  // The dataset's own file (what it is, in words) and its metadata go to the content store as every seeded work's
  // do, so the catalog, the indexer and the dataset page read its title like any other IP's.
  const store = createContentStore(options.dataDir);
  const about = new TextEncoder().encode(
    JSON.stringify({ name: TITLE, description: DESCRIPTION, curatorBps: CURATOR_BPS }, null, 2),
  );
  const original = (await store.put("originals", about, { mediaType: "application/json" })).file;
  const contentHash = original.sha256;
  let datasetId = await ipIdOfContentHash(publicClient, deployment, contentHash);
  if (datasetId === 0n) {
    const { timestamp } = await publicClient.getBlock();
    const metadata: WorkMetadata = {
      name: TITLE,
      description: DESCRIPTION,
      kind: "Dataset",
      media: { cid: original.cid, sha256: original.sha256, mediaType: "application/json", size: about.length },
      image: `ipfs://${original.cid}`,
      creator: curator,
      createdAt: new Date(Number(timestamp) * 1000).toISOString(),
      tags: ["dataset", "demo"],
    };
    const metadataBytes = new TextEncoder().encode(JSON.stringify(metadata));
    await store.put("metadata", metadataBytes, { mediaType: "application/json" });
    const registration = {
      kind: "Dataset" as const,
      contentHash,
      contentCid: cidBytes(original.cid),
      metadataCid: cidBytes(await rawCidOf(metadataBytes)),
    };
    await sendSteps(as(curator), registrationSteps(deployment, registration, { creator: curator }));
    datasetId = await ipIdOfContentHash(publicClient, deployment, contentHash);
  }
  if (!(await datasetOf(publicClient, deployment, datasetId))) {
    await sendWrite(as(curator), createDataset(deployment, datasetId, CURATOR_BPS));
  }
  const { termsId } = presetNamed(await termsPresets(publicClient, deployment), "AI training, flat fee");
  if (!(await attachedTerms(publicClient, deployment, datasetId)).includes(termsId)) {
    await sendWrite(as(curator), attachTerms(deployment, datasetId, termsId));
  }

  // the first original works of the catalog, with their owners' consent
  const dataset = await datasetOf(publicClient, deployment, datasetId);
  const members: bigint[] = [];
  if (dataset && dataset.memberCount === 0) {
    const count = await publicClient.readContract({ ...registry, functionName: "ipCount" });
    const { timestamp } = await publicClient.getBlock();
    const batch: Array<{ ipId: bigint; weight: number; consent: MemberConsent }> = [];
    for (let ipId = 1n; ipId <= count && batch.length < MEMBERS; ipId++) {
      const c = await publicClient.readContract({ ...registry, functionName: "certificate", args: [ipId] });
      if (c.kind !== 0 || c.parents.length > 0) continue;
      const owner = await publicClient.readContract({ ...registry, functionName: "ownerOf", args: [ipId] });
      const weight = batch.length + 1;
      let consent: MemberConsent = { kind: "owner" };
      if (owner.toLowerCase() !== curator.toLowerCase()) {
        const request = { datasetId, memberIpId: ipId, weight, deadline: timestamp + 3600n, nonce: newConsentNonce() };
        const signature = await walletClient.signTypedData({
          account: owner,
          ...memberConsentTypedData(deployment, request),
        });
        consent = { kind: "signature", deadline: request.deadline, nonce: request.nonce, signature };
      }
      batch.push({ ipId, weight, consent });
    }
    if (batch.length > 0) await sendWrite(as(curator), addMembers(deployment, datasetId, batch));
    members.push(...batch.map((m) => m.ipId));
  }
  return { datasetId, members };
}
