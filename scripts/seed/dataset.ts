/**
 * Demo seeding step: one small dataset, so the dataset pages have one on first open. The artist curates "Demo
 * dataset: first works" from up to four original works of the catalog (its own join on its ownership, the other
 * artists' with their signed EIP-712 consent), keeps 20% of the income, and offers it under "AI training, flat
 * fee". Running it twice changes nothing that is already in place.
 */

import { createHash } from "node:crypto";
import { iPRegistryAbi } from "@ipnft/protocol/abis";
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
import type { Address, Hex } from "viem";
import { concat, toHex } from "viem";
import { nodeClients } from "../stack/local-stack";

const MEMBERS = 4;
const CURATOR_BPS = 2000;

export async function seedDataset(deployment: Deployment): Promise<{ datasetId: bigint; members: bigint[] }> {
  const { clients } = await nodeClients(deployment.rpcUrl);
  const { publicClient, walletClient } = clients;
  const curator = deployment.devAccounts?.artist;
  if (!curator) throw new Error("seedDataset needs the dev accounts (local chain only)");
  const as = (account: Address) => ({ ...clients, account });
  const registry = { address: deployment.contracts.IPRegistry as Address, abi: iPRegistryAbi } as const;

  const digest = (text: string): Hex => `0x${createHash("sha256").update(text).digest("hex")}`;
  const cid = (d: Hex): Hex => concat([toHex(new Uint8Array([1, 0x55, 0x12, 0x20])), d]);
  const contentHash = digest("demo: dataset of the first works");
  let datasetId = await ipIdOfContentHash(publicClient, deployment, contentHash);
  if (datasetId === 0n) {
    const metadataCid = cid(digest(JSON.stringify({ name: "Demo dataset: first works", kind: "dataset" })));
    const registration = { kind: "Dataset" as const, contentHash, contentCid: cid(contentHash), metadataCid };
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
