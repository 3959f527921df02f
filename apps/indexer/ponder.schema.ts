import { index, onchainTable } from "ponder";

/**
 * What the pages read, indexed from our contracts' events and the Superfluid GDA events on our pools.
 * Tables are named in the singular (GraphQL pluralises by adding "s"). Addresses are lowercase hex.
 * Amounts are bigint wei of the deployment's SuperToken; times are block timestamps in seconds.
 * Column names are stable: add columns, never rename them (the app's queries are built on them).
 */

/** One row per IP-NFT: its birth certificate, its metadata, and what the catalog filters and sorts on. */
export const work = onchainTable(
  "work",
  (t) => ({
    /** The IP id (IPRegistry token id). */
    id: t.bigint().primaryKey(),
    creator: t.hex().notNull(),
    owner: t.hex().notNull(),
    /** "Work" | "Style" | "Dataset" (IIPRegistry.Kind). */
    kind: t.text().notNull(),
    /** SHA-256 of the content. */
    contentHash: t.hex().notNull(),
    /** CIDv1 of the content, base32 text (`bafk…`). */
    contentCid: t.text().notNull(),
    /** CIDv1 of the metadata JSON, base32 text. */
    metadataCid: t.text().notNull(),
    c2paManifestHash: t.hex().notNull(),
    royaltyBps: t.integer().notNull(),
    /** Block time of the registration (the certificate's birth time). */
    registeredAt: t.bigint().notNull(),
    registeredBlock: t.bigint().notNull(),
    registeredTx: t.hex().notNull(),
    /** IP ids of the parents, for a derivative; empty for an original. */
    parentIds: t.bigint().array().notNull(),
    isDerivative: t.boolean().notNull(),
    /** From the metadata JSON (the gateway's content store); null when it could not be read at indexing time. */
    title: t.text(),
    description: t.text(),
    tags: t.text().array().notNull(),
    mediaType: t.text(),
    previewCid: t.text(),
    /** The original's perceptual hash (16 hex digits) from its metadata, for near-duplicate search; null if none. */
    perceptualHash: t.text(),
    /** Lowercase title, tags and creator address, for one `ilike` search of the catalog. */
    searchText: t.text().notNull(),
    /** Cheapest `licensePrice` among offers on sale; null when nothing is on sale. */
    minPrice: t.bigint(),
    /** Whether an offer on sale grants each use (the catalog's "use" filter). */
    offersTraining: t.boolean().notNull(),
    offersCommercial: t.boolean().notNull(),
    offersDerivative: t.boolean().notNull(),
    /** Ids of the terms attached (offers), in the order they were attached. */
    termsIds: t.bigint().array().notNull(),
    /** Offers attached, and of them on sale. */
    offerCount: t.integer().notNull(),
    openOfferCount: t.integer().notNull(),
    licensesSold: t.integer().notNull(),
    /** Set once shares are enabled. */
    shareToken: t.hex(),
    pool: t.hex(),
    /** Everything earned: license fees, metered usage and streamed royalties settled so far (see `income`). */
    totalIncome: t.bigint().notNull(),
  }),
  (table) => ({
    creatorIdx: index().on(table.creator),
    ownerIdx: index().on(table.owner),
    kindIdx: index().on(table.kind),
    registeredIdx: index().on(table.registeredAt),
    priceIdx: index().on(table.minPrice),
  }),
);

/** License terms as registered on chain (immutable once registered). */
export const terms = onchainTable("terms", (t) => ({
  /** The terms id. */
  id: t.bigint().primaryKey(),
  termsHash: t.hex().notNull(),
  commercialUse: t.boolean().notNull(),
  derivativesAllowed: t.boolean().notNull(),
  aiTrainingAllowed: t.boolean().notNull(),
  attributionRequired: t.boolean().notNull(),
  transferable: t.boolean().notNull(),
  duration: t.bigint().notNull(),
  maxLicenses: t.integer().notNull(),
  derivativeRoyaltyBps: t.integer().notNull(),
  minStreamRate: t.bigint().notNull(),
  minStreamPeriod: t.bigint().notNull(),
  upfrontFee: t.bigint().notNull(),
  currency: t.hex().notNull(),
  pricePerUnit: t.bigint().notNull(),
  maxUnpaidUnits: t.bigint().notNull(),
  legalTextURI: t.text().notNull(),
  /** What buying costs (`licensePrice`: upfront fee plus the prepaid minimum stream). */
  price: t.bigint().notNull(),
  /** The preset's name when these terms were registered as a preset of the deployment. */
  presetName: t.text(),
  registeredAt: t.bigint().notNull(),
  registeredBlock: t.bigint().notNull(),
}));

/** Terms attached to an IP: an offer of licenses. */
export const offer = onchainTable(
  "offer",
  (t) => ({
    /** `${ipId}-${termsId}` */
    id: t.text().primaryKey(),
    ipId: t.bigint().notNull(),
    termsId: t.bigint().notNull(),
    salesOpen: t.boolean().notNull(),
    sold: t.integer().notNull(),
    /** Copied from the terms, so the catalog sorts and filters without a join. */
    price: t.bigint().notNull(),
    grantsTraining: t.boolean().notNull(),
    grantsCommercial: t.boolean().notNull(),
    grantsDerivative: t.boolean().notNull(),
    maxLicenses: t.integer().notNull(),
    streamed: t.boolean().notNull(),
    metered: t.boolean().notNull(),
    attachedAt: t.bigint().notNull(),
    attachedBlock: t.bigint().notNull(),
  }),
  (table) => ({ ipIdx: index().on(table.ipId) }),
);

/** A sold license (LicenseToken token id). */
export const license = onchainTable(
  "license",
  (t) => ({
    id: t.bigint().primaryKey(),
    ipId: t.bigint().notNull(),
    termsId: t.bigint().notNull(),
    /** Who bought it. */
    licensee: t.hex().notNull(),
    /** Who holds it now (transferable terms only move it). */
    holder: t.hex().notNull(),
    /** What the buyer paid (upfront fee plus prepaid stream). */
    fee: t.bigint().notNull(),
    start: t.bigint().notNull(),
    /** 0 for a license that never expires. */
    expiry: t.bigint().notNull(),
    /** "active", or "usedForDerivative" once it registered a derivative. Expiry is judged against the clock by readers. */
    state: t.text().notNull(),
    derivativeIpId: t.bigint(),
    purchasedBlock: t.bigint().notNull(),
    purchasedTx: t.hex().notNull(),
  }),
  (table) => ({
    ipIdx: index().on(table.ipId),
    holderIdx: index().on(table.holder),
    licenseeIdx: index().on(table.licensee),
  }),
);

/** A derivative's link to one parent, and the license that allowed it. */
export const parentLink = onchainTable(
  "parent_link",
  (t) => ({
    /** `${ipId}-${parentIpId}` */
    id: t.text().primaryKey(),
    /** The derivative. */
    ipId: t.bigint().notNull(),
    parentIpId: t.bigint().notNull(),
    licenseId: t.bigint().notNull(),
    royaltyBps: t.integer().notNull(),
    linkedAt: t.bigint().notNull(),
    linkedBlock: t.bigint().notNull(),
  }),
  (table) => ({ ipIdx: index().on(table.ipId), parentIdx: index().on(table.parentIpId) }),
);

/** The revenue-share token of an IP, its GDA pool and its sale. */
export const shareToken = onchainTable(
  "share_token",
  (t) => ({
    /** The ShareToken address. */
    id: t.hex().primaryKey(),
    ipId: t.bigint().notNull(),
    pool: t.hex().notNull(),
    /** Who enabled shares (the IP's owner then), the creator of the sale. */
    creator: t.hex().notNull(),
    totalSupply: t.bigint().notNull(),
    holderCount: t.integer().notNull(),
    saleOpen: t.boolean().notNull(),
    saleAvailable: t.bigint().notNull(),
    salePricePerShare: t.bigint().notNull(),
    /** Every account that has held shares (balance may be 0 now): the pool's members. */
    holders: t.hex().array().notNull(),
    /** Total flow rate into the pool (wei/s), from the GDA's FlowDistributionUpdated. */
    poolFlowRate: t.bigint().notNull(),
    /** Total units of the pool (the share supply once all are connected). */
    poolUnits: t.bigint().notNull(),
    /** Until when streamed income has been shared out to holders (`holder_income` rows of kind "stream"). */
    poolAccruedAt: t.bigint().notNull(),
    enabledAt: t.bigint().notNull(),
    enabledBlock: t.bigint().notNull(),
  }),
  (table) => ({ ipIdx: index().on(table.ipId), poolIdx: index().on(table.pool) }),
);

/** A royalty pool of ours (a Superfluid GDA pool), to find its IP from a pool event. */
export const pool = onchainTable("pool", (t) => ({
  /** The pool's address. */
  id: t.hex().primaryKey(),
  ipId: t.bigint().notNull(),
  shareToken: t.hex().notNull(),
}));

/**
 * A share token's and its pool's events seen before `SharesEnabled` names them: the enabling transaction mints the
 * shares and gives the first pool units, then emits `SharesEnabled`. They wait here, one row per transaction, until
 * that event books them (so the indexer never asks the chain which IP a token belongs to).
 */
export const earlyShareEvent = onchainTable("early_share_event", (t) => ({
  /** The transaction's hash. */
  id: t.hex().primaryKey(),
  /** In log order; amounts as decimal strings. */
  events: t.json().$type<EarlyShareEvent[]>().notNull(),
}));

export type EarlyShareEvent =
  | {
      kind: "transfer";
      id: string;
      logIndex: number;
      token: `0x${string}`;
      from: `0x${string}`;
      to: `0x${string}`;
      value: string;
    }
  | {
      kind: "units";
      id: string;
      logIndex: number;
      pool: `0x${string}`;
      member: `0x${string}`;
      oldUnits: string;
      newUnits: string;
    };

/** An account's shares of one IP, and its units in the IP's pool. */
export const shareHolding = onchainTable(
  "share_holding",
  (t) => ({
    /** `${shareToken}-${holder}` */
    id: t.text().primaryKey(),
    ipId: t.bigint().notNull(),
    shareToken: t.hex().notNull(),
    holder: t.hex().notNull(),
    balance: t.bigint().notNull(),
    /** Pool member units (MemberUnitsUpdated). */
    units: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ ipIdx: index().on(table.ipId), holderIdx: index().on(table.holder) }),
);

/** One purchase of shares from a sale. */
export const shareSale = onchainTable(
  "share_sale",
  (t) => ({
    /** The event id. */
    id: t.text().primaryKey(),
    ipId: t.bigint().notNull(),
    shareToken: t.hex().notNull(),
    buyer: t.hex().notNull(),
    seller: t.hex().notNull(),
    amount: t.bigint().notNull(),
    cost: t.bigint().notNull(),
    connected: t.boolean().notNull(),
    time: t.bigint().notNull(),
    block: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (table) => ({ ipIdx: index().on(table.ipId), buyerIdx: index().on(table.buyer) }),
);

/** A licensee's royalty stream into an IP's pool (GDA distributeFlow). */
export const stream = onchainTable(
  "stream",
  (t) => ({
    /** `${pool}-${distributor}` */
    id: t.text().primaryKey(),
    ipId: t.bigint().notNull(),
    pool: t.hex().notNull(),
    /** The licensee paying the stream. */
    distributor: t.hex().notNull(),
    /** Current rate, wei/s (0 once closed). */
    flowRate: t.bigint().notNull(),
    /** What streamed up to `updatedAt`; add flowRate × (now − updatedAt) for the live total. */
    streamedUntilUpdate: t.bigint().notNull(),
    startedAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ ipIdx: index().on(table.ipId), distributorIdx: index().on(table.distributor) }),
);

/** Metered usage of one license: reported by receipts, settled by payments. */
export const usage = onchainTable(
  "usage",
  (t) => ({
    /** `${licenseId}-${licensee}` */
    id: t.text().primaryKey(),
    licenseId: t.bigint().notNull(),
    ipId: t.bigint(),
    licensee: t.hex().notNull(),
    reportedUnits: t.bigint().notNull(),
    paidUnits: t.bigint().notNull(),
    paidAmount: t.bigint().notNull(),
    failedPayments: t.integer().notNull(),
    lastReportedAt: t.bigint(),
    lastPaidAt: t.bigint(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ licenseIdx: index().on(table.licenseId), licenseeIdx: index().on(table.licensee) }),
);

/** Every transfer of an IP-NFT, a license or shares (mints included). */
export const transfer = onchainTable(
  "transfer",
  (t) => ({
    /** The event id. */
    id: t.text().primaryKey(),
    /** "work" | "license" | "share" */
    asset: t.text().notNull(),
    token: t.hex().notNull(),
    ipId: t.bigint(),
    /** Token id for works and licenses; null for shares. */
    tokenId: t.bigint(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    /** 1 for NFTs; the share amount for shares. */
    amount: t.bigint().notNull(),
    time: t.bigint().notNull(),
    block: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (table) => ({ ipIdx: index().on(table.ipId), fromIdx: index().on(table.from), toIdx: index().on(table.to) }),
);

/**
 * The append-only history of an IP, for the work page: one row per event that concerns it, in chain order.
 * `name` is the contract event's name; `data` its arguments (bigints as decimal strings).
 */
export const event = onchainTable(
  "event",
  (t) => ({
    /** The event id (block, transaction and log position): orders rows in chain order. */
    id: t.text().primaryKey(),
    ipId: t.bigint(),
    contract: t.text().notNull(),
    name: t.text().notNull(),
    /** Who acted (creator, buyer, licensee, sender), when the event names one. */
    actor: t.hex(),
    amount: t.bigint(),
    data: t.json().notNull(),
    time: t.bigint().notNull(),
    block: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    tx: t.hex().notNull(),
  }),
  (table) => ({ ipIdx: index().on(table.ipId), actorIdx: index().on(table.actor), timeIdx: index().on(table.time) }),
);

export * from "./datasets.schema";
export * from "./disputes.schema";
export * from "./income.schema";
