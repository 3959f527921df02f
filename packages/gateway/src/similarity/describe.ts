import { parseWorkMetadata } from "@ipnft/protocol/work-metadata";
import type { GatewayContext } from "../context";
import { offerForSale } from "../handlers/catalog";
import type { SimilarWork } from "./answer";
import { MATCH_DISTANCE, similarityOf } from "./hash";
import type { RegisteredNear } from "./index-store";

/** The least similarity that counts as a match. */
export const MATCH_SIMILARITY = similarityOf(MATCH_DISTANCE);

/** A registered near match as the API shows it: certificate, owner, name and the terms on offer. */
export async function describeNear(
  ctx: GatewayContext,
  near: RegisteredNear,
  request: Request,
): Promise<SimilarWork | undefined> {
  const work = await ctx.reader.work(near.ipId);
  if (!work) return undefined;
  return {
    ipId: work.ipId,
    similarity: similarityOf(near.distance),
    distance: near.distance,
    ...(await nameOf(ctx, work.metadataCid)),
    kind: work.kind,
    creator: work.creator,
    owner: work.owner,
    cid: work.cid,
    birthTime: work.birthTime,
    certificatePath: `/works/${work.ipId}`,
    offers: work.offers.map((offer) => offerForSale(ctx, offer, work, request)),
  };
}

async function nameOf(ctx: GatewayContext, metadataCid: string): Promise<{ name?: string }> {
  try {
    if (!(await ctx.store.get("metadata", metadataCid))) return {};
    const parsed = parseWorkMetadata(
      JSON.parse(new TextDecoder().decode(await ctx.store.read("metadata", metadataCid))),
    );
    return parsed ? { name: parsed.name } : {};
  } catch {
    return {};
  }
}

/** Registered works near an image's hashes, described, nearest first. */
export async function describeMatches(
  ctx: GatewayContext,
  query: readonly bigint[],
  request: Request,
  limit = 5,
): Promise<SimilarWork[]> {
  const near = await ctx.similarity.near(query, limit);
  const described = await Promise.all(near.map((n) => describeNear(ctx, n, request)));
  return described.filter((w): w is SimilarWork => w !== undefined);
}

/** "IP #3 “Dusk over the harbour”" — how a refusal names a work. */
export const workWords = (w: SimilarWork) => `IP #${w.ipId}${w.name ? ` “${w.name}”` : ""}`;
