import { licenseTokenAbi } from "@ipnft/protocol/abis";
import type { GatewayContext } from "../context";
import { givesNoCredit } from "../metering/metered-terms";

/** Per gateway, per license: a license never changes terms, and terms never change. */
const known = new WeakMap<GatewayContext, Map<bigint, Promise<boolean>>>();

/**
 * Whether `licenseId` is under pay-per-file terms that give no credit (see `givesNoCredit`): such a license lets no
 * file out unpaid, so a download under it is answered as one without a license. Read from the chain once per license.
 */
export function licenseGivesNoCredit(ctx: GatewayContext, licenseId: bigint): Promise<boolean> {
  let byLicense = known.get(ctx);
  if (!byLicense) {
    byLicense = new Map();
    known.set(ctx, byLicense);
  }
  let answer = byLicense.get(licenseId);
  if (!answer) {
    answer = (async () => {
      const license = await ctx.client.readContract({
        address: ctx.addresses.licenses,
        abi: licenseTokenAbi,
        functionName: "getLicense",
        args: [licenseId],
      });
      return givesNoCredit(await ctx.reader.terms(BigInt(license.termsId)));
    })();
    const cached = byLicense;
    answer.catch(() => cached.delete(licenseId));
    byLicense.set(licenseId, answer);
  }
  return answer;
}
