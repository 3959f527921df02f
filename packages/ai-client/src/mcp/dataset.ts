import path from "node:path";
import { datasetsAbi } from "@ipnft/protocol/abis";
import type { Terms, Use } from "@ipnft/protocol/terms";
import { accountLicenses, findLicense, termsOf } from "@ipnft/protocol/verbs";
import { contractAddress } from "@ipnft/protocol/verbs/request";
import { DatasetRefused, pullDataset } from "../dataset-pull";
import { purchaseTransaction } from "../summary/settlements";
import { type Agent, AgentRefusal } from "./agent";
import { signAskedReceipt } from "./files";
import { recordFile } from "./records";

/**
 * The `fetch_dataset` tool: pulls a whole dataset the agent holds a license of (dataset-pull.ts), each member file
 * checked against the chain's own certificate for that member, and recorded in the agent's manifest under the
 * dataset license. A metered license's price per file is held against the spending limits before each file is asked
 * for, so a large dataset stops at the limit with the files it could pay for kept, and nothing spent beyond it.
 */
export async function fetchDataset(agent: Agent, input: { ipId: string; use?: Use }) {
  const use = input.use ?? "training";
  if (!/^[1-9][0-9]{0,18}$/.test(input.ipId)) throw new AgentRefusal("ipId must be a positive whole number.");
  const datasetIpId = BigInt(input.ipId);
  const { publicClient: client, deployment, account } = agent;
  const licenseId = await findLicense(client, deployment, datasetIpId, account.address, use);
  const held = (await accountLicenses(client, deployment, account.address)).find((l) => l.licenseId === licenseId);
  if (licenseId === 0n || !held) {
    throw new AgentRefusal(
      `${account.address} holds no license of dataset ${datasetIpId} that allows ${use}: buy one first ` +
        "(get_terms, buy_license).",
    );
  }
  const terms = (await termsOf(client, deployment, held.termsId)) as Terms;
  const datasets = contractAddress(deployment, "Datasets");
  const pricePerFile = terms.pricePerUnit;
  const tx = await purchaseTransaction(client, deployment, licenseId);
  const outDir = path.join(agent.config.dataDir, "datasets", datasetIpId.toString());
  let stoppedAt: string | undefined;
  try {
    const local = await pullDataset({
      gateway: agent.config.gateway,
      datasetIpId,
      use,
      outDir,
      signedFetch: (url, init) => agent.signedFetch(url, init),
      // The gateway's list is checked against the chain: a work it lists must be a member now with the weight it
      // names, or one removed after this license was bought; its bytes must be the chain's certificate's.
      identity: async (member) => {
        const ipId = BigInt(member.ipId);
        const place = await client.readContract({
          address: datasets,
          abi: datasetsAbi,
          functionName: "memberOf",
          args: [datasetIpId, ipId],
        });
        const covered = place.active ? String(place.weight) === member.weight : Number(place.removedAt) > held.start;
        if (!covered) {
          return {
            refused:
              `the chain does not hold IP ${ipId} as a member of dataset ${datasetIpId} with weight ` +
              `${member.weight} for license ${licenseId}`,
          };
        }
        return agent.reader.certificate(ipId);
      },
      beforeFile: async (member) => {
        const hold = await agent.ledger.reserve(pricePerFile, `one file (IP ${member.ipId}) of dataset ${datasetIpId}`);
        if (!hold.ok) {
          stoppedAt = hold.reason;
          throw new SpendingStop(hold.reason);
        }
        return { commit: () => hold.commit(pricePerFile), release: hold.release };
      },
      served: (id) => agent.book.count(id),
      kept: async (file, mediaType) => {
        const certificate = await agent.reader.certificate(BigInt(file.ipId));
        await recordFile(agent, {
          path: path.join(outDir, file.path),
          cid: file.cid,
          sha256: file.sha256,
          size: file.size,
          mediaType,
          ipId: file.ipId,
          licenseId: licenseId.toString(),
          termsId: held.termsId.toString(),
          terms: agent.describe(terms),
          legalTextURI: terms.legalTextURI,
          rightsholder: certificate?.creator ?? "",
          kind: certificate?.kind,
          obtainedAt: new Date().toISOString(),
          settlements: tx ? [{ kind: "license_purchase", tx }] : [],
        });
      },
      receipt: async (asked) => {
        await signAskedReceipt(agent, asked, licenseId);
        return true;
      },
    });
    return { ...local, outDir, manifestFile: path.join(outDir, "dataset-manifest.json") };
  } catch (error) {
    if (error instanceof DatasetRefused) {
      throw new AgentRefusal(`The gateway refused dataset ${datasetIpId}: ${error.code} ${error.message}`);
    }
    if (error instanceof SpendingStop) {
      throw new AgentRefusal(
        `Stopped pulling dataset ${datasetIpId}: ${stoppedAt}. The files already verified are kept in ${outDir}; ` +
          "calling fetch_dataset again resumes without paying for them twice.",
      );
    }
    throw error;
  }
}

class SpendingStop extends Error {}
