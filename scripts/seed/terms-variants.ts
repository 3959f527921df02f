/**
 * The terms bulk-seeded works offer: the presets LicenseTerms ships, each also at a lower and a higher price (fee,
 * minimum stream and price per unit scaled alike), so a catalog sorted by price has prices to sort. Terms are
 * deduplicated on chain, so registering them again on a later run keeps their ids.
 */
import type { Deployment } from "@ipnft/protocol/deployment";
import type { Terms } from "@ipnft/protocol/terms";
import { registerTerms, termsIdOf, termsPresets } from "@ipnft/protocol/verbs";
import type { PublicClient } from "viem";
import type { Pipeline } from "./pipeline";

export interface OfferedTerms {
  termsId: bigint;
  name: string;
  terms: Terms;
}

/** Price factors, as fractions: the preset's own price, two fifths of it and two and a half times it. */
const factors: Array<[bigint, bigint]> = [
  [1n, 1n],
  [2n, 5n],
  [5n, 2n],
];

export async function termsOnOffer(
  client: PublicClient,
  deployment: Deployment,
  pipeline: Pipeline,
): Promise<OfferedTerms[]> {
  const presets = await termsPresets(client, deployment);
  const variants = presets.flatMap((preset) =>
    factors.map(([num, den]) => ({
      name: num === den ? preset.name : `${preset.name} (×${Number(num) / Number(den)})`,
      terms: {
        ...preset.terms,
        upfrontFee: (preset.terms.upfrontFee * num) / den,
        minStreamRate: (preset.terms.minStreamRate * num) / den,
        pricePerUnit: (preset.terms.pricePerUnit * num) / den,
      },
    })),
  );
  const ids = await Promise.all(variants.map((v) => termsIdOf(client, deployment, v.terms)));
  const missing = variants.filter((_, i) => ids[i] === 0n);
  const [from] = (await client.request({ method: "eth_accounts" } as never)) as `0x${string}`[];
  for (const v of missing) pipeline.send(from, registerTerms(deployment, v.terms));
  await pipeline.flush();
  const offered = await Promise.all(
    variants.map(async (v) => ({ ...v, termsId: await termsIdOf(client, deployment, v.terms) })),
  );
  // A preset priced at zero has no cheaper or dearer twin: the same terms, one id.
  return offered.filter((o, i) => offered.findIndex((p) => p.termsId === o.termsId) === i);
}
