import path from "node:path";
import type { Deployment } from "@ipnft/protocol/deployment";
import { createWorkReader, type ProtocolAddresses, protocolAddresses, type WorkReader } from "@ipnft/protocol/works";
import type { PublicClient } from "viem";
import { type AccessChecker, createAccessChecker } from "./access";
import { createRequestSignatureVerifier, type RequestSignatureVerifier } from "./auth/request-signature";
import { createSiweAuth, loadSessionSecret, type SiweAuth } from "./auth/siwe";
import {
  type ContentCredentialsOptions,
  type ContentCredentialsService,
  createContentCredentials,
} from "./c2pa/service";
import { indexedContentStore } from "./content/indexed-store";
import type { ContentStore } from "./content/store";
import { type Database, type DatabaseOptions, openDatabase } from "./db/database";
import { createGatewayState, type GatewayState } from "./db/state";
import type { LicenseContext } from "./machine-licenses";
import { deploymentScope } from "./metering/deployment-scope";
import { type LicenseTerms, licenseTermsReader } from "./metering/metered-terms";
import type { Metering } from "./metering/metering";
import { type UsageLedger, usageLedger } from "./metering/usage-ledger";
import { createSimilarityIndex, type SimilarityIndex } from "./similarity/index-store";
import { DEFAULT_SIMILAR_LIMIT, type SimilarLimit } from "./similarity/request-limit";
import { createPayPerFile, type PayPerFile, type PayPerFileOptions } from "./x402/pay-per-file";

/** What a gateway is made from: the deployment it serves, a chain client, the content store, and its settings. */
export interface GatewayOptions {
  deployment: Deployment;
  client: PublicClient;
  store: ContentStore;
  /** The session secret and PGlite's directory: `<dataDir>/gateway` unless told. */
  stateDir?: string;
  /** The gateway's database: PostgreSQL at `url`, else PGlite in `dir` (`<stateDir>/db` unless told). */
  database?: DatabaseOptions;
  /** Uploads per account: bytes per UTC day and requests per minute (see `GatewayConfig`). */
  uploadQuota?: Partial<UploadQuota>;
  /** Usage receipts: how many one request may carry, and how many posts an account may make per minute. */
  receiptLimits?: Partial<ReceiptLimits>;
  /** Largest original accepted, in bytes (64 MiB unless told). */
  maxUploadBytes?: number;
  maxMetadataBytes?: number;
  /** Whether uploading needs a signed-in wallet (default yes: the disk is not a free-for-all). */
  requireAuthForUpload?: boolean;
  /** False serves originals to anyone, unmetered: only the benchmark's baseline does this. */
  gate?: boolean;
  /** The origins this gateway answers as, comma-separated: see `GatewayConfig.publicOrigin`. */
  publicOrigin?: string;
  /** HMAC key of session cookies: see `GatewayConfig.sessionSecret`. */
  sessionSecret?: string;
  /** See AccessChecker. */
  blockNumberTtlMs?: number;
  /** While streaming a large file, re-check access at most this often (ms); a revoked license cuts the stream. */
  recheckEveryMs?: number;
  metering?: (ledger: UsageLedger, licenseTerms: LicenseTerms, database: Database) => Promise<Metering>;
  /** x402 pay per file (x402/pay-per-file.ts): the settlement wallet; without it no file is sold per request. */
  payPerFile?: PayPerFileOptions;
  /** Seconds since the epoch; tests move it. */
  now?: () => number;
  /** Near-duplicate search: how stale its memory may be (ms), and whether old originals are hashed after start. */
  similarity?: { refreshMs?: number; backfill?: boolean };
  /** `POST /api/similar`: searches per window per address and per session account (similarity/request-limit.ts). */
  similarLimit?: Partial<SimilarLimit>;
  /** C2PA (c2pa/service.ts): the certificate licensed files are signed with, and the CAs trusted on upload. */
  contentCredentials?: ContentCredentialsOptions;
}

export interface UploadQuota {
  bytesPerDay: number;
  perMinute: number;
}
export interface ReceiptLimits {
  perRequest: number;
  postsPerMinute: number;
  /** Largest request body, in bytes. */
  maxBodyBytes: number;
}

export const DEFAULT_UPLOAD_QUOTA: UploadQuota = { bytesPerDay: 256 * 1024 * 1024, perMinute: 20 };
export const DEFAULT_RECEIPT_LIMITS: ReceiptLimits = { perRequest: 64, postsPerMinute: 30, maxBodyBytes: 64 * 1024 };

/**
 * Everything a handler needs, built once per gateway: the chain readers and caches, the auth verifiers, the usage
 * ledger and metering, the limits. Handlers are plain functions of (context, request, params).
 */
export interface GatewayContext {
  deployment: Deployment;
  client: PublicClient;
  store: ContentStore;
  addresses: ProtocolAddresses;
  reader: WorkReader;
  /** A license's terms, read once per license: metering's pricing and x402's no-credit check share it. */
  licenseTerms: LicenseTerms;
  access: AccessChecker;
  signatures: RequestSignatureVerifier;
  siwe: SiweAuth;
  ledger: UsageLedger;
  metering: Metering | undefined;
  payPerFile: PayPerFile | undefined;
  /** Perceptual hashes of stored images, for near-duplicate search and the registration guard. */
  similarity: SimilarityIndex;
  /** Content credentials read on upload and added to licensed downloads (c2pa/). */
  credentials: ContentCredentialsService;
  /** The database, and the security state kept in it (nonces, sign-outs, rate windows, upload bytes). */
  database: Database;
  state: GatewayState;
  limits: {
    uploadQuota: UploadQuota;
    receipts: ReceiptLimits;
    maxUploadBytes: number;
    maxMetadataBytes: number;
    requireAuthForUpload: boolean;
    gate: boolean;
    recheckEveryMs: number;
    similar: SimilarLimit;
  };
  /** The configured public origin a request came to, by its Host header; the first one when it names none. */
  publicOriginOf(request: Request): URL | undefined;
  /** The origin links and signatures name for a request: its public origin, or the request's own. */
  originOf(request: Request): string;
  /** What machine-readable licenses and terms in words need to know about this deployment, for a request. */
  licenseContext(request: Request): LicenseContext;
  /** Usage records still being written: closing waits for them, so none is lost on a clean shutdown. */
  pendingRecords: Set<Promise<void>>;
}

const MiB = 1024 * 1024;

/** The defaults, with each setting that was given (an unset one, `undefined`, keeps its default). */
function withDefaults<T extends object>(defaults: T, given: Partial<T> | undefined): T {
  const set = Object.entries(given ?? {}).filter(([, value]) => value !== undefined);
  return { ...defaults, ...Object.fromEntries(set) };
}

export async function createGatewayContext(options: GatewayOptions): Promise<GatewayContext> {
  const { deployment, client } = options;
  const addresses = protocolAddresses(deployment);
  if (!addresses) {
    throw new Error("The deployment file has no IPRegistry, LicenseTerms and LicenseToken: deploy the protocol first.");
  }
  const stateDir = options.stateDir ?? path.join(options.store.dataDir, "gateway");
  const reader = createWorkReader(client, addresses);
  const licenseTerms = licenseTermsReader({ client, licenseToken: addresses.licenses, reader });
  const publicOrigins = (options.publicOrigin ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean)
    .map((origin) => new URL(origin));
  const publicOriginOf = (request: Request): URL | undefined => {
    const host = request.headers.get("host");
    return publicOrigins.find((origin) => origin.host === host) ?? publicOrigins[0];
  };
  const originOf = (request: Request) => publicOriginOf(request)?.origin ?? new URL(request.url).origin;
  const secret = await loadSessionSecret(stateDir, options.sessionSecret);
  const database = await openDatabase({ dir: path.join(stateDir, "db"), ...options.database });
  const state = createGatewayState(database.db);
  const store = indexedContentStore(options.store, database.db);
  const ledger = usageLedger(database.db, deploymentScope(client, deployment));
  const currency = {
    superToken: deployment.currency.superToken,
    symbol: deployment.currency.superTokenSymbol,
    decimals: deployment.currency.decimals,
  };
  return {
    deployment,
    client,
    store,
    addresses,
    reader,
    licenseTerms,
    access: createAccessChecker({
      client,
      licenseToken: addresses.licenses,
      blockNumberTtlMs: options.blockNumberTtlMs,
    }),
    // A request signature names the gateway it was meant for: the public origin this request came to.
    signatures: createRequestSignatureVerifier({
      chainId: deployment.chainId,
      now: options.now,
      originOf,
      nonces: state,
    }),
    siwe: await createSiweAuth({
      chainId: deployment.chainId,
      client,
      secret,
      store: state,
      now: options.now,
    }),
    ledger,
    metering: options.metering ? await options.metering(ledger, licenseTerms, database) : undefined,
    payPerFile: options.payPerFile
      ? await createPayPerFile(options.payPerFile, { deployment, client, reader, database, secret })
      : undefined,
    credentials: await createContentCredentials(database.db, options.contentCredentials),
    database,
    state,
    similarity: createSimilarityIndex({
      db: database.db,
      store,
      client,
      registry: addresses.registry,
      ...options.similarity,
    }),
    limits: {
      uploadQuota: withDefaults(DEFAULT_UPLOAD_QUOTA, options.uploadQuota),
      receipts: withDefaults(DEFAULT_RECEIPT_LIMITS, options.receiptLimits),
      maxUploadBytes: options.maxUploadBytes ?? 64 * MiB,
      maxMetadataBytes: options.maxMetadataBytes ?? 64 * 1024,
      requireAuthForUpload: options.requireAuthForUpload ?? true,
      gate: options.gate ?? true,
      recheckEveryMs: options.recheckEveryMs ?? 250,
      similar: withDefaults(DEFAULT_SIMILAR_LIMIT, options.similarLimit),
    },
    publicOriginOf,
    originOf,
    licenseContext: (request) => ({
      origin: originOf(request),
      chainId: deployment.chainId,
      licenseToken: addresses.licenses,
      currency,
    }),
    pendingRecords: new Set(),
  };
}
