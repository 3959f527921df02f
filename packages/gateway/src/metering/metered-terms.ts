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

/** What metering reads from the chain: a license's price and unpaid bound, and what an account owes under it. */
export function meteredTermsReader(options: {
  client: PublicClient;
  licenseToken: Address;
  meter: Address;
  reader: WorkReader;
}) {
  const { client, licenseToken, meter, reader } = options;

  /** Metered terms of a license, cached: terms never change, and a license never changes terms. */
  const pricing = new Map<bigint, Promise<{ pricePerUnit: bigint; bound: bigint }>>();
  function pricingOf(licenseId: bigint) {
    let p = pricing.get(licenseId);
    if (!p) {
      p = (async () => {
        const license = await client.readContract({
          address: licenseToken,
          abi: licenseTokenAbi,
          functionName: "getLicense",
          args: [licenseId],
        });
        const terms = await reader.terms(BigInt(license.termsId));
        return {
          pricePerUnit: terms.pricePerUnit,
          bound: unsignedBound(terms),
        };
      })();
      p.catch(() => pricing.delete(licenseId));
      pricing.set(licenseId, p);
    }
    return p;
  }

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
