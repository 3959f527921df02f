import { licenseTokenAbi, usageMeterAbi } from "@ipnft/protocol/abis";
import type { Terms } from "@ipnft/protocol/terms";
import type { WorkReader } from "@ipnft/protocol/works";
import type { Address, PublicClient } from "viem";

/** Units a licensee may take unsigned when its terms set no bound of their own and it paid to get its license. */
export const DEFAULT_MAX_UNSIGNED_UNITS = 10n;

type Pricing = Pick<Terms, "upfrontFee" | "minStreamRate" | "pricePerUnit" | "maxUnpaidUnits">;

/**
 * Pay-per-file terms without credit: free to get (no fee up front, no stream), a price per file, and no unpaid
 * bound (`maxUnpaidUnits` 0, which on chain means no credit). A license under them is worth no file by itself: each
 * file is paid for (x402), as if there were no license, or anyone could take free licenses and free files.
 */
export function givesNoCredit(terms: Pricing): boolean {
  return (
    terms.pricePerUnit > 0n && terms.maxUnpaidUnits === 0n && terms.upfrontFee === 0n && terms.minStreamRate === 0n
  );
}

/**
 * Metered units a licensee may take unsigned under `terms`: their own bound; none for terms that give no credit;
 * else (no bound, but the license cost a fee or needs a stream) the gateway's default, since the licensee has
 * money at stake and an identity that costs something: 10 files is credit it paid for, not a free lunch.
 */
export function unsignedBound(terms: Pricing): bigint {
  if (terms.maxUnpaidUnits > 0n) return terms.maxUnpaidUnits;
  return givesNoCredit(terms) ? 0n : DEFAULT_MAX_UNSIGNED_UNITS;
}

/** The terms a license was sold under: one chain read per license, kept (see `licenseTermsReader`). */
export type LicenseTerms = (licenseId: bigint) => Promise<Terms>;

/**
 * A license's terms, read once per license and kept: a license never changes terms, and terms never change. One
 * reader per gateway (`GatewayContext.licenseTerms`), shared by metering's pricing and the x402 no-credit check, so a
 * download reads a license's terms once. A failed read is forgotten, so the next request asks the chain again.
 */
export function licenseTermsReader(options: {
  client: PublicClient;
  licenseToken: Address;
  reader: WorkReader;
}): LicenseTerms {
  const { client, licenseToken, reader } = options;
  const known = new Map<bigint, Promise<Terms>>();
  return (licenseId) => {
    let terms = known.get(licenseId);
    if (!terms) {
      terms = (async () => {
        const license = await client.readContract({
          address: licenseToken,
          abi: licenseTokenAbi,
          functionName: "getLicense",
          args: [licenseId],
        });
        return reader.terms(BigInt(license.termsId));
      })();
      terms.catch(() => known.delete(licenseId));
      known.set(licenseId, terms);
    }
    return terms;
  };
}

/** What metering reads from the chain: a license's price and unpaid bound, and what an account owes under it. */
export function meteredTermsReader(options: { client: PublicClient; meter: Address; licenseTerms: LicenseTerms }) {
  const { client, meter, licenseTerms } = options;

  /** Metered terms of a license: its price per unit and how many units it may take unsigned. */
  const pricingOf = async (licenseId: bigint) => {
    const terms = await licenseTerms(licenseId);
    return { pricePerUnit: terms.pricePerUnit, bound: unsignedBound(terms) };
  };

  /** Units the meter settled for `account` under `licenseId` that it could not collect (the chain's debt). */
  const unpaidOnChain = async (licenseId: bigint, account: Address): Promise<bigint> =>
    BigInt(
      await client.readContract({
        address: meter,
        abi: usageMeterAbi,
        functionName: "unpaidUnits",
        args: [licenseId, account],
      }),
    );

  return { pricingOf, unpaidOnChain };
}
