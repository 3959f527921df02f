import { licenseTokenAbi, usageMeterAbi } from "@ipnft/protocol/abis";
import type { WorkReader } from "@ipnft/protocol/works";
import type { Address, PublicClient } from "viem";

/** Units a licensee may take unsigned when its terms set no bound of their own. */
export const DEFAULT_MAX_UNSIGNED_UNITS = 10n;

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
          bound: terms.maxUnpaidUnits > 0n ? terms.maxUnpaidUnits : DEFAULT_MAX_UNSIGNED_UNITS,
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
