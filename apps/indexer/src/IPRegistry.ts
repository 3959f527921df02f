import { ponder } from "ponder:registry";
import { parentLink, transfer, work } from "ponder:schema";
import { cidText } from "@ipnft/protocol/content";
import { kinds } from "@ipnft/protocol/work-metadata";
import { zeroAddress } from "viem";
import { refreshCatalogRow } from "./catalog";
import { lower, recordEvent } from "./history";
import { readWorkMetadata, searchTextOf } from "./metadata";

const contract = "IPRegistry";

// Inserted on the registration event, which carries the whole birth certificate; later events update the row.
ponder.on("IPRegistry:IPRegistered", async ({ event, context }) => {
  const a = event.args;
  const metadataCid = cidText(a.metadataCid);
  const metadata = readWorkMetadata(metadataCid);
  const creator = lower(a.creator);
  await context.db
    .insert(work)
    .values({
      id: a.ipId,
      creator,
      owner: creator,
      kind: kinds[a.kind] ?? "Work",
      contentHash: a.contentHash,
      contentCid: cidText(a.contentCid),
      metadataCid,
      c2paManifestHash: a.c2paManifestHash,
      royaltyBps: a.royaltyBps,
      registeredAt: BigInt(a.birthTime),
      registeredBlock: event.block.number,
      registeredTx: event.transaction.hash,
      parentIds: [],
      isDerivative: false,
      title: metadata?.name ?? null,
      description: metadata?.description ?? null,
      tags: metadata?.tags ?? [],
      mediaType: metadata?.media.mediaType ?? null,
      previewCid: metadata?.preview ?? null,
      perceptualHash: metadata?.perceptualHash ?? null,
      searchText: searchTextOf(metadata, creator),
      minPrice: null,
      offersTraining: false,
      offersCommercial: false,
      offersDerivative: false,
      termsIds: [],
      offerCount: 0,
      openOfferCount: 0,
      licensesSold: 0,
      totalIncome: 0n,
    })
    .onConflictDoNothing();
  await refreshCatalogRow(context.db, a.ipId);
  await recordEvent(context.db, event, { ipId: a.ipId, contract, name: "IPRegistered", actor: a.creator, args: a });
});

ponder.on("IPRegistry:ParentLinked", async ({ event, context }) => {
  const a = event.args;
  await context.db
    .insert(parentLink)
    .values({
      id: `${a.ipId}-${a.parentIpId}`,
      ipId: a.ipId,
      parentIpId: a.parentIpId,
      licenseId: a.licenseId,
      royaltyBps: a.royaltyBps,
      linkedAt: event.block.timestamp,
      linkedBlock: event.block.number,
    })
    .onConflictDoNothing();
  const w = await context.db.find(work, { id: a.ipId });
  if (w && !w.parentIds.includes(a.parentIpId)) {
    await context.db
      .update(work, { id: a.ipId })
      .set({ parentIds: [...w.parentIds, a.parentIpId], isDerivative: true });
  }
  await recordEvent(context.db, event, { ipId: a.ipId, contract, name: "ParentLinked", args: a });
  await recordEvent(
    context.db,
    { ...event, id: `${event.id}-parent` },
    {
      ipId: a.parentIpId,
      contract,
      name: "DerivativeRegistered",
      args: a,
    },
  );
});

ponder.on("IPRegistry:Transfer", async ({ event, context }) => {
  const { from, to, tokenId } = event.args;
  await context.db.insert(transfer).values({
    id: event.id,
    asset: "work",
    token: lower(event.log.address),
    ipId: tokenId,
    tokenId,
    from: lower(from),
    to: lower(to),
    amount: 1n,
    time: event.block.timestamp,
    block: event.block.number,
    tx: event.transaction.hash,
  });
  // The mint is the registration, recorded by IPRegistered; a transfer moves the IP-NFT to a new owner.
  if (from === zeroAddress) return;
  if (await context.db.find(work, { id: tokenId })) {
    await context.db.update(work, { id: tokenId }).set({ owner: lower(to) });
  }
  await recordEvent(context.db, event, { ipId: tokenId, contract, name: "Transfer", actor: from, args: event.args });
});
