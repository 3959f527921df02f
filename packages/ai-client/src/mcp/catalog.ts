import type { WorkTermsAnswer } from "@ipnft/gateway/api";
import { licensePrice, termsAllow, type Use } from "@ipnft/protocol/terms";
import { buyLicenseSteps, currencyAllowance, purchasedLicenseId, sendSteps } from "@ipnft/protocol/verbs";
import { contractAddress } from "@ipnft/protocol/verbs/request";
import { parseWorkMetadata, type WorkMetadata } from "@ipnft/protocol/work-metadata";
import { formatUnits, parseUnits } from "viem";
import { type Agent, AgentRefusal, gatewayJson } from "./agent";

/**
 * The catalog as the agent sees it: works read from the chain (the truth for terms and prices) with their metadata
 * from the gateway, the terms of one work, and buying a license within the operator's limits.
 */

export interface SearchQuery {
  text?: string;
  kind?: "Work" | "Style" | "Dataset";
  use?: Use;
  /** Most the agent would pay for a license or for one file, in the currency's units ("0.5"). */
  maxPrice?: string;
}

const amount = (agent: Agent, value: bigint) =>
  `${formatUnits(value, agent.deployment.currency.decimals)} ${agent.deployment.currency.superTokenSymbol}`;

/** An amount in the currency's units, or a refusal saying what was wrong with it. */
export function parseAmount(agent: Agent, text: string, name: string): bigint {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text)) throw new AgentRefusal(`${name} must be an amount like 2.5, not "${text}".`);
  return parseUnits(text, agent.deployment.currency.decimals);
}

async function metadataOf(agent: Agent, cid: string): Promise<WorkMetadata | null> {
  const response = await fetch(`${agent.config.gateway}/api/metadata/${cid}`).catch(() => undefined);
  return response?.ok ? parseWorkMetadata(await response.json().catch(() => null)) : null;
}

export async function searchWorks(agent: Agent, query: SearchQuery) {
  const use = query.use ?? "training";
  const maxPrice = query.maxPrice === undefined ? undefined : parseAmount(agent, query.maxPrice, "maxPrice");
  const needle = query.text?.trim().toLowerCase();
  const works = await agent.reader.all();
  const found = await Promise.all(
    works.map(async (work) => {
      if (query.kind && work.kind !== query.kind) return null;
      const offers = work.offers.filter((o) => {
        if (!o.salesOpen || !termsAllow(o.terms, use)) return false;
        return maxPrice === undefined || (licensePrice(o.terms) <= maxPrice && o.terms.pricePerUnit <= maxPrice);
      });
      if (offers.length === 0) return null;
      const meta = await metadataOf(agent, work.metadataCid);
      const haystack = [meta?.name, meta?.description, ...(meta?.tags ?? [])].join(" ").toLowerCase();
      if (needle && !haystack.includes(needle)) return null;
      return {
        ipId: work.ipId.toString(),
        kind: work.kind,
        name: meta?.name ?? `IP ${work.ipId}`,
        description: meta?.description ?? "",
        tags: meta?.tags ?? [],
        mediaType: meta?.media.mediaType ?? null,
        cid: work.cid,
        creator: work.creator,
        owner: work.owner,
        offers: offers.map((o) => ({
          termsId: o.termsId.toString(),
          summary: agent.describe(o.terms),
          licensePrice: amount(agent, licensePrice(o.terms)),
          pricePerFile: o.terms.pricePerUnit > 0n ? amount(agent, o.terms.pricePerUnit) : null,
        })),
      };
    }),
  );
  const results = found.filter((w) => w !== null);
  return { use, count: results.length, works: results };
}

export async function getTerms(agent: Agent, ipId: string) {
  const response = await fetch(`${agent.config.gateway}/api/works/${encodeURIComponent(ipId)}/terms`);
  return gatewayJson<WorkTermsAnswer>(response, `The terms of IP ${ipId}`);
}

/**
 * Buys a license of `ipId` under `termsId` at the price the chain states now, if it is at most `maxFee` and within
 * every spending limit; the purchase's fee counts against the limits whether or not a later step fails.
 */
export async function buyLicense(agent: Agent, input: { ipId: string; termsId: string; maxFee: string }) {
  const ipId = BigInt(input.ipId);
  const termsId = BigInt(input.termsId);
  const maxFee = parseAmount(agent, input.maxFee, "maxFee");
  const work = await agent.reader.work(ipId);
  if (!work) throw new AgentRefusal(`No work is registered as IP ${ipId}.`);
  const offer = work.offers.find((o) => o.termsId === termsId);
  if (!offer?.salesOpen) throw new AgentRefusal(`IP ${ipId} has no open offer under terms ${termsId}.`);
  const price = licensePrice(offer.terms);
  if (price > maxFee) {
    throw new AgentRefusal(
      `Refused, nothing spent: the license costs ${amount(agent, price)}, more than maxFee ${amount(agent, maxFee)}.`,
    );
  }
  const reservation = await agent.ledger.reserve(price, `a license of IP ${ipId} under terms ${termsId}`);
  if (!reservation.ok) throw new AgentRefusal(reservation.reason);
  try {
    const spender = contractAddress(agent.deployment, "LicenseToken");
    const allowance = await currencyAllowance(agent.publicClient, agent.deployment, agent.account.address, spender);
    const steps = buyLicenseSteps(agent.deployment, { ipId, termsId, maxFee: price, allowance });
    const receipts = await sendSteps({ publicClient: agent.publicClient, walletClient: agent.walletClient }, steps);
    const last = receipts[receipts.length - 1];
    const licenseId = purchasedLicenseId(last.logs);
    await reservation.commit(price);
    return {
      licenseId: licenseId?.toString() ?? null,
      ipId: ipId.toString(),
      termsId: termsId.toString(),
      fee: amount(agent, price),
      transaction: last.transactionHash,
      summary: agent.describe(offer.terms),
    };
  } catch (error) {
    await reservation.release();
    throw new AgentRefusal(`The purchase failed, nothing spent: ${(error as Error).message.split("\n")[0]}`);
  }
}
