import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Hex } from "viem";

/**
 * Everything the gateway (and the app around it) reads from its environment, read once at the entry point: the Next
 * app's server modules, `npm run dev`, a script. Nothing else in the gateway reads `process.env`; everything below
 * the entry point takes these values as arguments. `.env.example` at the repository root documents each variable.
 */
export interface GatewayConfig {
  /** `CHAIN_ID`: the chain served (31337, the local chain, by default). */
  chainId: number;
  /** `DEPLOYMENTS_DIR`: where `deployments/<chainId>.json` is read (`<repo>/deployments` by default). */
  deploymentsDir: string;
  /** `DATA_DIR`: the content store and the gateway's state (`<repo>/data` by default). */
  dataDir: string;
  /**
   * `GATEWAY_PUBLIC_ORIGIN`: the origins the gateway answers as, comma-separated (e.g.
   * "http://127.0.0.1:3000,http://localhost:3000"). Sign-in messages must name one; links in machine-readable
   * licenses use the one a request came to. Unset: the origin of each request.
   */
  publicOrigin?: string;
  /** `DATABASE_URL`: a PostgreSQL server for the gateway's state; unset, an embedded PGlite in `dbDir`. */
  databaseUrl?: string;
  /** `GATEWAY_DB_DIR`: PGlite's directory (`<DATA_DIR>/gateway/db` by default). */
  dbDir: string;
  /** Where the gateway's SQL migrations are (`<repo>/packages/gateway/drizzle`), not an environment variable. */
  migrationsDir: string;
  /** `GATEWAY_UPLOAD_BYTES_PER_DAY`: bytes one account may upload per UTC day (256 MiB unless set). */
  uploadBytesPerDay?: number;
  /** `GATEWAY_UPLOADS_PER_MINUTE`: upload requests one account may make per minute (20 unless set). */
  uploadsPerMinute?: number;
  /**
   * `GATEWAY_SIMILAR_REQUESTS` per `GATEWAY_SIMILAR_WINDOW_SECONDS`: similarity searches (`POST /api/similar`) one
   * network address, and one signed-in account, may make per window (30 per 60 s unless set).
   */
  similarRequests?: number;
  similarWindowSeconds?: number;
  /** `GATEWAY_RECEIPTS_PER_REQUEST`: usage receipts one POST may carry (64 unless set). */
  receiptsPerRequest?: number;
  /** `GATEWAY_RECEIPT_POSTS_PER_MINUTE`: receipt posts one account may make per minute (30 unless set). */
  receiptPostsPerMinute?: number;
  /** `GATEWAY_X402_PER_PAYER_PER_MINUTE`: x402-paid requests one payer may make per minute (30 unless set). */
  x402PerPayerPerMinute?: number;
  /** `GATEWAY_X402_PER_ADDRESS_PER_MINUTE`: x402-paid requests one network address may make per minute (60 unless set). */
  x402PerAddressPerMinute?: number;
  /** `GATEWAY_MAX_UPLOAD_BYTES`: the largest original accepted (64 MiB unless set). */
  maxUploadBytes?: number;
  /** `GATEWAY_SETTLE_EVERY_MS`: how often signed usage receipts are settled on chain (15 s by default; 0: never). */
  settleEveryMs: number;
  /**
   * `GATEWAY_PRIVATE_KEY`: the gateway's own key, which sends settlement transactions (never a node's unlocked
   * account). Required outside the local chain: the gateway refuses to start without it. Unset on 31337: receipts
   * are kept, not settled, and the gateway says so at start.
   */
  privateKey?: Hex;
  /** `GATEWAY_SESSION_SECRET`: the HMAC key of session cookies. Unset: one is made once and kept in the data dir. */
  sessionSecret?: string;
  /**
   * `GATEWAY_C2PA_CERT` and `GATEWAY_C2PA_KEY`: PEM files of the ES256 certificate chain (leaf first) and its PKCS#8
   * key that licensed JPEG and PNG downloads are signed with (C2PA). Both or neither; unset, files are served unsigned
   * (`npm run dev` makes a development pair). `GATEWAY_C2PA_TRUST_ANCHORS`: a PEM bundle of the CAs whose manifests
   * count as trusted on upload.
   */
  c2pa?: { certPath?: string; keyPath?: string; trustAnchorsPath?: string };
}

/** The variables `readGatewayConfig` reads; any `process.env`-like record. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The repository root, for entry points that run from the sources (scripts, tests). A bundled server (Next) passes
 * its own root to `readGatewayConfig` instead: a bundle does not live where its sources did.
 */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const whole = (env: Env, name: string, { min }: { min: number }): number | undefined => {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`${name} must be a whole number ≥ ${min}, not "${text}"`);
  return value;
};

/** Reads and checks the configuration; throws a sentence naming the variable that is wrong. */
export function readGatewayConfig(env: Env, options: { root?: string } = {}): GatewayConfig {
  const root = options.root ?? repoRoot;
  const privateKey = env.GATEWAY_PRIVATE_KEY?.trim();
  if (privateKey && !/^0x[0-9a-fA-F]{64}$/.test(privateKey)) {
    throw new Error("GATEWAY_PRIVATE_KEY must be a 32-byte hex key (0x followed by 64 hex digits)");
  }
  const dataDir = path.resolve(root, env.DATA_DIR?.trim() || "data");
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error("DATABASE_URL must be a postgres:// or postgresql:// URL");
  }
  return {
    chainId: whole(env, "CHAIN_ID", { min: 1 }) ?? 31337,
    deploymentsDir: path.resolve(root, env.DEPLOYMENTS_DIR?.trim() || "deployments"),
    dataDir,
    databaseUrl,
    dbDir: path.resolve(root, env.GATEWAY_DB_DIR?.trim() || path.join(dataDir, "gateway", "db")),
    migrationsDir: path.join(root, "packages", "gateway", "drizzle"),
    uploadBytesPerDay: whole(env, "GATEWAY_UPLOAD_BYTES_PER_DAY", { min: 1 }),
    uploadsPerMinute: whole(env, "GATEWAY_UPLOADS_PER_MINUTE", { min: 1 }),
    x402PerPayerPerMinute: whole(env, "GATEWAY_X402_PER_PAYER_PER_MINUTE", { min: 1 }),
    x402PerAddressPerMinute: whole(env, "GATEWAY_X402_PER_ADDRESS_PER_MINUTE", { min: 1 }),
    similarRequests: whole(env, "GATEWAY_SIMILAR_REQUESTS", { min: 1 }),
    similarWindowSeconds: whole(env, "GATEWAY_SIMILAR_WINDOW_SECONDS", { min: 1 }),
    receiptsPerRequest: whole(env, "GATEWAY_RECEIPTS_PER_REQUEST", { min: 1 }),
    receiptPostsPerMinute: whole(env, "GATEWAY_RECEIPT_POSTS_PER_MINUTE", { min: 1 }),
    publicOrigin: env.GATEWAY_PUBLIC_ORIGIN?.trim() || undefined,
    maxUploadBytes: whole(env, "GATEWAY_MAX_UPLOAD_BYTES", { min: 1 }),
    settleEveryMs: whole(env, "GATEWAY_SETTLE_EVERY_MS", { min: 0 }) ?? 15_000,
    privateKey: privateKey ? (privateKey as Hex) : undefined,
    sessionSecret: env.GATEWAY_SESSION_SECRET || undefined,
    c2pa: c2paFiles(env, root),
  };
}

function c2paFiles(env: Env, root: string): GatewayConfig["c2pa"] {
  const file = (name: string) => (env[name]?.trim() ? path.resolve(root, env[name].trim()) : undefined);
  const certPath = file("GATEWAY_C2PA_CERT");
  const keyPath = file("GATEWAY_C2PA_KEY");
  if (Boolean(certPath) !== Boolean(keyPath)) {
    throw new Error("GATEWAY_C2PA_CERT and GATEWAY_C2PA_KEY go together: set both (PEM files) or neither");
  }
  return { certPath, keyPath, trustAnchorsPath: file("GATEWAY_C2PA_TRUST_ANCHORS") };
}
