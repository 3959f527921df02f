import { mkdir } from "node:fs/promises";
import {
  downloadHeaders,
  type ErrorBody,
  type OnWire,
  originalQuery,
  type UsageReceiptRequired,
} from "@ipnft/gateway/api";
import { type Terms, termsAllow, type Use } from "@ipnft/protocol/terms";
import { accountLicenses, findLicense, termsOf } from "@ipnft/protocol/verbs";
import type { Certificate } from "@ipnft/protocol/works";
import type { Address } from "viem";
import { tdmDeclared } from "../summary/from-manifest";
import { purchaseTransaction } from "../summary/settlements";
import type { Settlement } from "../summary/training-summary";
import { decideReceipt } from "../trust";
import { saveVerified } from "../verified-file";
import { type Agent, AgentRefusal } from "./agent";
import { type AgentFile, recordFile } from "./records";
import { payForFile } from "./x402-payment";

/**
 * Fetches one licensed file: the gateway serves it to the agent's signed request under a license the chain says
 * covers the use; the file is kept only if its SHA-256 and CID are the ones the chain registered (the gateway's own
 * headers are not trusted), and is then recorded in the agent's manifest with its license and settlement. A metered
 * license's price per file is held against the spending limits before the file is asked for.
 */
export async function fetchLicensedFile(agent: Agent, input: { ipId: string; use?: Use; pay?: "license" | "x402" }) {
  const use = input.use ?? "training";
  if (!/^[1-9][0-9]{0,18}$/.test(input.ipId)) throw new AgentRefusal("ipId must be a positive whole number.");
  const ipId = BigInt(input.ipId);
  const certificate = await agent.reader.certificate(ipId);
  if (!certificate) throw new AgentRefusal(`No work is registered as IP ${ipId}.`);
  const license = await coveringLicense(agent, ipId, use);
  if (!license) {
    if (input.pay === "x402") return fetchPaidFile(agent, certificate, use);
    throw new AgentRefusal(
      `${agent.account.address} holds no license of IP ${ipId} that allows ${use}: buy one first (get_terms, ` +
        'buy_license), or pay for this one file with pay: "x402" if the work is sold per file.',
    );
  }
  const pricePerFile = license.terms.pricePerUnit;
  const reservation = await agent.ledger.reserve(pricePerFile, `one file of IP ${ipId} at the metered price`);
  if (!reservation.ok) throw new AgentRefusal(reservation.reason);

  const url = `${agent.config.gateway}/api/works/${ipId}/content?use=${use}&${originalQuery}=1`;
  let response: Response;
  try {
    response = await agent.signedFetch(url);
    if (response.status === 402) {
      const body = (await response.clone().json()) as Partial<OnWire<UsageReceiptRequired>>;
      if (body.error === "usage_receipt_required") {
        await signAskedReceipt(agent, body, license.licenseId);
        response = await agent.signedFetch(url);
      }
    }
  } catch (error) {
    await reservation.release();
    throw error;
  }
  if (!response.ok || !response.body) {
    await reservation.release();
    const body = (await response.json().catch(() => ({}))) as Partial<ErrorBody>;
    throw new AgentRefusal(`The gateway refused IP ${ipId}: ${response.status} ${body.error} ${body.reason ?? ""}`);
  }
  // From here the gateway counts the file as used: so does the agent, and the metered price is spent.
  const servedUnder = BigInt(response.headers.get(downloadHeaders.licenseId) ?? license.licenseId);
  await agent.book.count(servedUnder);
  await reservation.commit(pricePerFile);
  const tx = await purchaseTransaction(agent.publicClient, agent.deployment, servedUnder);
  const settlements: Settlement[] = tx ? [{ kind: "license_purchase", tx }] : [];
  return keepVerified(agent, response, certificate, {
    licenseId: servedUnder.toString(),
    termsId: license.termsId.toString(),
    terms: agent.describe(license.terms),
    legalTextURI: license.terms.legalTextURI,
    settlements,
  });
}

/** A file sold per file, paid with x402 (x402-payment.ts), then kept only if the chain's hashes match. */
async function fetchPaidFile(agent: Agent, certificate: Certificate, use: Use) {
  const work = await agent.reader.work(certificate.ipId);
  if (!work) throw new AgentRefusal(`No work is registered as IP ${certificate.ipId}.`);
  const url = `${agent.config.gateway}/api/works/${work.ipId}/content?use=${use}&${originalQuery}=1`;
  const { response, transaction } = await payForFile(agent, work, use, url);
  const offer = work.offers.find((o) => o.salesOpen && termsAllow(o.terms, use) && o.terms.pricePerUnit > 0n)!;
  return keepVerified(agent, response, certificate, {
    termsId: offer.termsId.toString(),
    terms: agent.describe(offer.terms),
    legalTextURI: offer.terms.legalTextURI,
    settlements: [{ kind: "x402_payment", tx: transaction }],
  });
}

/** Keeps a served file only if its SHA-256 and CID are the chain's, and records it in the manifest. */
async function keepVerified(
  agent: Agent,
  response: Response,
  certificate: Certificate,
  paid: Pick<AgentFile, "licenseId" | "termsId" | "terms" | "legalTextURI" | "settlements">,
) {
  const ipId = certificate.ipId;
  if (!response.body) throw new AgentRefusal(`The gateway sent no bytes for IP ${ipId}.`);
  await mkdir(agent.filesDir, { recursive: true });
  const saved = await saveVerified(response.body, agent.filesDir, certificate);
  if (!saved.ok) throw new AgentRefusal(`IP ${ipId}: ${saved.error}: ${saved.reason}. The file was not kept.`);
  const file: AgentFile = {
    path: saved.path,
    cid: saved.cid,
    sha256: saved.sha256,
    size: saved.size,
    mediaType: response.headers.get("content-type") ?? "application/octet-stream",
    ipId: ipId.toString(),
    ...paid,
    rightsholder: certificate.creator,
    kind: certificate.kind,
    obtainedAt: new Date().toISOString(),
    tdm: tdmDeclared(response.headers),
  };
  await recordFile(agent, file);
  return { ...file, verified: { sha256: true, cid: true, against: `chain ${agent.deployment.chainId}` } };
}

/** The license the agent holds of `ipId` that allows `use`: the chain's own pick, else one blocked on usage. */
async function coveringLicense(agent: Agent, ipId: bigint, use: Use) {
  const { publicClient: client, deployment, account } = agent;
  const pick = await findLicense(client, deployment, ipId, account.address, use);
  const held = (await accountLicenses(client, deployment, account.address)).filter((l) => l.ipId === ipId);
  const withTerms = await Promise.all(
    held.map(async (l) => ({ ...l, terms: (await termsOf(client, deployment, l.termsId)) as Terms })),
  );
  const allowing = withTerms.filter((l) => termsAllow(l.terms, use));
  return allowing.find((l) => l.licenseId === pick) ?? allowing[0];
}

/** Signs the receipt a gateway asks for, only if it is the protocol's receipt for what the agent itself counted. */
export async function signAskedReceipt(
  agent: Agent,
  body: Partial<OnWire<UsageReceiptRequired>>,
  licenseId: bigint,
): Promise<void> {
  const decision = decideReceipt(
    { licenseId: body.licenseId, cumulativeUnits: body.cumulativeUnits, typedData: body.receipt },
    {
      trust: agent.trust,
      licensee: agent.account.address as Address,
      held: new Set([licenseId]),
      accounted: (id) => agent.book.units(id),
    },
  );
  if (!decision.sign) throw new AgentRefusal(`Refused to sign a usage receipt: ${decision.reason}`);
  const signature = await agent.signer.signTypedData(decision.typedData);
  const receipts = [
    { licenseId: decision.licenseId.toString(), cumulativeUnits: decision.cumulativeUnits.toString(), signature },
  ];
  const response = await agent.signedFetch(`${agent.config.gateway}/api/usage/receipts`, {
    method: "POST",
    body: JSON.stringify({ receipts }),
  });
  const { results = [] } = (await response.json().catch(() => ({}))) as { results?: Array<{ accepted: boolean }> };
  if (!results[0]?.accepted) throw new AgentRefusal(`The gateway did not accept the usage receipt for ${licenseId}.`);
  await agent.book.markSigned(decision.licenseId, decision.cumulativeUnits);
}
