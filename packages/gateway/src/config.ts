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
  /** `GATEWAY_MAX_UPLOAD_BYTES`: the largest original accepted (64 MiB unless set). */
  maxUploadBytes?: number;
  /** `GATEWAY_SETTLE_EVERY_MS`: how often signed usage receipts are settled on chain (15 s by default; 0: never). */
  settleEveryMs: number;
  /**
   * `GATEWAY_PRIVATE_KEY`: the key that sends settlement transactions. Unset on the local chain: the node's first
   * unlocked account; unset elsewhere: receipts are kept, not settled.
   */
  privateKey?: Hex;
  /** `GATEWAY_SESSION_SECRET`: the HMAC key of session cookies. Unset: one is made once and kept in the data dir. */
  sessionSecret?: string;
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
  return {
    chainId: whole(env, "CHAIN_ID", { min: 1 }) ?? 31337,
    deploymentsDir: path.resolve(root, env.DEPLOYMENTS_DIR?.trim() || "deployments"),
    dataDir: path.resolve(root, env.DATA_DIR?.trim() || "data"),
    publicOrigin: env.GATEWAY_PUBLIC_ORIGIN?.trim() || undefined,
    maxUploadBytes: whole(env, "GATEWAY_MAX_UPLOAD_BYTES", { min: 1 }),
    settleEveryMs: whole(env, "GATEWAY_SETTLE_EVERY_MS", { min: 0 }) ?? 15_000,
    privateKey: privateKey ? (privateKey as Hex) : undefined,
    sessionSecret: env.GATEWAY_SESSION_SECRET || undefined,
  };
}
