import { royaltyPoolsAbi } from "@ipnft/protocol/abis";
import { termsAllow, type Use } from "@ipnft/protocol/terms";
import type { Work } from "@ipnft/protocol/works";
import { decodePaymentRequiredHeader, decodePaymentResponseHeader } from "@x402/core/http";
import type { PaymentRequirements } from "@x402/core/types";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { type Address, erc20Abi, getAddress, zeroAddress } from "viem";
import { type Agent, AgentRefusal } from "./agent";

/**
 * Paying for one file with x402 when the agent holds no license: the gateway's offer is checked against the chain
 * before anything is signed (the payee must be the IP's owner or share token, the asset the deployment's stablecoin, the
 * amount the terms' price per file), the amount is held against the spending limits, and an unmodified x402 fetch
 * client signs and sends it. Returns the paid response and its settlement transaction.
 */
export async function payForFile(agent: Agent, work: Work, use: Use, url: string) {
  const first = await fetch(url);
  const header = first.headers.get("payment-required");
  if (first.status !== 402 || !header) {
    throw new AgentRefusal(`IP ${work.ipId} is not sold per file here (the gateway answered ${first.status}).`);
  }
  const required = decodePaymentRequiredHeader(header);
  const network = `eip155:${agent.deployment.chainId}`;
  const offer = required.accepts.find((a) => a.scheme === "exact" && a.network === network);
  if (!offer) throw new AgentRefusal(`The gateway asks for no "exact" payment on ${network} for IP ${work.ipId}.`);
  const { amount, inCurrency } = await checkOffer(agent, work, use, offer);

  const reservation = await agent.ledger.reserve(inCurrency, `one file of IP ${work.ipId} paid with x402`);
  if (!reservation.ok) throw new AgentRefusal(reservation.reason);
  const client = x402Client.fromConfig({
    schemes: [{ network: network as `${string}:${string}`, client: new ExactEvmScheme(agent.account) }],
    spendControls: { allowedAssets: [{ network: network as never, asset: offer.asset, maxAmountPerPayment: amount }] },
  });
  // Only the offer checked above may be paid, whatever else the retry's 402 lists.
  client.registerPolicy((_version, accepts) =>
    accepts.filter((a) => a.asset === offer.asset && a.payTo === offer.payTo && a.amount === offer.amount),
  );
  let response: Response;
  try {
    response = await wrapFetchWithPayment(fetch, client)(url);
  } catch (error) {
    await reservation.release();
    throw new AgentRefusal(`The x402 payment was not made: ${(error as Error).message}`);
  }
  const settled = response.headers.get("payment-response");
  if (!settled) {
    await reservation.release();
    const body = (await response.json().catch(() => ({}))) as { reason?: string };
    throw new AgentRefusal(`The gateway did not take the payment (${response.status}): ${body.reason ?? ""}`);
  }
  await reservation.commit(inCurrency);
  return { response, transaction: decodePaymentResponseHeader(settled).transaction };
}

/** The offer's payee, asset and amount, checked against the chain and the operator's allowed assets. */
async function checkOffer(agent: Agent, work: Work, use: Use, offer: PaymentRequirements) {
  const asset = getAddress(offer.asset);
  if (asset !== getAddress(agent.deployment.currency.underlying)) {
    throw new AgentRefusal(
      `Refused, nothing spent: the gateway asks to be paid in ${asset}, not in the deployment's currency ` +
        `(${agent.deployment.currency.underlyingSymbol}).`,
    );
  }
  const payees = [getAddress(work.owner)];
  const pools = agent.deployment.contracts.RoyaltyPools;
  if (pools) {
    const share = await agent.publicClient.readContract({
      address: pools,
      abi: royaltyPoolsAbi,
      functionName: "shareTokenOf",
      args: [work.ipId],
    });
    if (share !== zeroAddress) payees.push(getAddress(share));
  }
  if (!payees.includes(getAddress(offer.payTo as Address))) {
    throw new AgentRefusal(
      `Refused, nothing spent: the gateway asks to be paid at ${offer.payTo}, which is neither IP ${work.ipId}'s ` +
        "owner nor its share token.",
    );
  }
  const perFile = work.offers.find((o) => o.salesOpen && termsAllow(o.terms, use) && o.terms.pricePerUnit > 0n);
  if (!perFile) throw new AgentRefusal(`IP ${work.ipId} has no price per file on chain for ${use}.`);
  const decimals = await agent.publicClient.readContract({ address: asset, abi: erc20Abi, functionName: "decimals" });
  const scale = 10n ** BigInt(Math.abs(18 - decimals));
  const price = perFile.terms.pricePerUnit;
  const expected = decimals <= 18 ? (price + scale - 1n) / scale : price * scale;
  const amount = BigInt(offer.amount);
  if (amount > expected) {
    throw new AgentRefusal(
      `Refused, nothing spent: the gateway asks ${amount} for a file the chain prices at ${expected} (${asset}).`,
    );
  }
  return { amount: offer.amount, inCurrency: decimals <= 18 ? amount * scale : amount / scale };
}
