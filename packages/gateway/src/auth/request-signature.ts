import {
  type Address,
  concat,
  getAddress,
  type Hex,
  hashDomain,
  isAddress,
  isHex,
  keccak256,
  numberToHex,
  pad,
  toBytes,
} from "viem";
import { gatewayDomain, gatewayRequestTypes, REQUEST_SIGNATURE_SCHEME, type SignatureFailure } from "../api";

export { gatewayDomain, gatewayRequestTypes, REQUEST_SIGNATURE_SCHEME };

import { isCanonicalSignature, recoverSigner } from "./recover";

/**
 * Per-request EIP-712 signatures for headless clients (the AI-company CLI, training pipelines).
 *
 * The client signs the exact request — gateway origin, method, path with query — with a random nonce
 * and a short lifetime, and sends `Authorization: EIP712 <base64url JSON>`. The gateway recovers the
 * signer, so a signature cannot be moved to another wallet, another URL, another gateway or another
 * chain, and each nonce is accepted once.
 *
 * Replays across reloads, restarts and processes: used nonces live in the gateway's database, each
 * recorded by an INSERT with a unique key, so a second use anywhere is a conflict. Only canonical
 * (low-s) signatures are accepted, so a signature has one form and one nonce use.
 */
/** Longest lifetime a client may give a signature. */
export const MAX_SIGNATURE_LIFETIME_S = 300;
/** How far ahead of the gateway's clock a client's clock may run. */
export const CLOCK_SKEW_S = 30;

export interface GatewayRequestMessage {
  account: Address;
  /** Origin the client addressed, e.g. `http://127.0.0.1:3000`. */
  gateway: string;
  method: string;
  /** Path and query string, e.g. `/api/works/1/content?use=training`. */
  path: string;
  nonce: Hex;
  issuedAt: bigint;
  expiresAt: bigint;
}

/** What travels in the Authorization header (the rest is read from the request itself). */
interface SignedFields {
  account: Address;
  nonce: Hex;
  issuedAt: number;
  expiresAt: number;
  signature: Hex;
}

/** The typed data a client signs for a request; shared by the CLI and the verifier. */
export function gatewayRequestTypedData(chainId: number, message: GatewayRequestMessage) {
  return {
    domain: gatewayDomain(chainId),
    types: gatewayRequestTypes,
    primaryType: "GatewayRequest" as const,
    message,
  };
}

const GATEWAY_REQUEST_TYPEHASH = keccak256(
  toBytes(
    "GatewayRequest(address account,string gateway,string method,string path,bytes32 nonce,uint64 issuedAt,uint64 expiresAt)",
  ),
);
const domainSeparators = new Map<number, Hex>();

/**
 * The EIP-712 digest of a request: the same value as viem's `hashTypedData` of
 * `gatewayRequestTypedData` (a test holds them together), computed directly because the generic
 * encoder costs more than the signature recovery on every download.
 */
export function gatewayRequestDigest(chainId: number, m: GatewayRequestMessage): Hex {
  let domain = domainSeparators.get(chainId);
  if (!domain) {
    domain = hashDomain({
      domain: { ...gatewayDomain(chainId), chainId: BigInt(chainId) },
      types: {
        EIP712Domain: [
          { name: "name", type: "string" },
          { name: "version", type: "string" },
          { name: "chainId", type: "uint256" },
        ],
      },
    });
    domainSeparators.set(chainId, domain);
  }
  const structHash = keccak256(
    concat([
      GATEWAY_REQUEST_TYPEHASH,
      pad(m.account),
      keccak256(toBytes(m.gateway)),
      keccak256(toBytes(m.method)),
      keccak256(toBytes(m.path)),
      m.nonce,
      numberToHex(m.issuedAt, { size: 32 }),
      numberToHex(m.expiresAt, { size: 32 }),
    ]),
  );
  return keccak256(concat(["0x1901", domain, structHash]));
}

export function encodeAuthorization(fields: SignedFields): string {
  return `${REQUEST_SIGNATURE_SCHEME} ${Buffer.from(JSON.stringify(fields)).toString("base64url")}`;
}

/** The origin and path+query a request was addressed to, as both sides put them in the message. */
/** What a request signature binds: the gateway's origin (by default the request URL's) and the path with its query. */
export function requestTarget(
  request: Request,
  gateway = new URL(request.url).origin,
): { gateway: string; path: string } {
  const url = new URL(request.url);
  return { gateway, path: `${url.pathname}${url.search}` };
}

export type { SignatureFailure };

export type SignatureVerdict = { ok: true; account: Address } | { ok: false; error: SignatureFailure; reason: string };

const fail = (error: SignatureFailure, reason: string): SignatureVerdict => ({ ok: false, error, reason });

function parseFields(header: string): SignedFields | undefined {
  const [scheme, token, ...rest] = header.trim().split(/\s+/);
  if (scheme !== REQUEST_SIGNATURE_SCHEME || !token || rest.length > 0 || token.length > 2048) return undefined;
  try {
    const f = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Partial<SignedFields>;
    if (
      typeof f.account === "string" &&
      isAddress(f.account, { strict: false }) &&
      typeof f.nonce === "string" &&
      isHex(f.nonce) &&
      f.nonce.length === 66 &&
      Number.isSafeInteger(f.issuedAt) &&
      Number.isSafeInteger(f.expiresAt) &&
      typeof f.signature === "string" &&
      isHex(f.signature) &&
      f.signature.length <= 2 + 2 * 65
    ) {
      return f as SignedFields;
    }
  } catch {
    // fall through: anything unparsable is malformed
  }
  return undefined;
}

export interface RequestSignatureVerifier {
  verify(request: Request, header: string): Promise<SignatureVerdict>;
}

/** Where used nonces are kept: the gateway's database (`GatewayState.useNonce`), shared by every process. */
export interface NonceLedger {
  /** Records a nonce as used until `expiresAtMs`; false if it was used already. */
  useNonce(key: string, expiresAtMs: number): Promise<boolean>;
}

export function createRequestSignatureVerifier(options: {
  chainId: number;
  /** Seconds since the epoch; tests move it. */
  now?: () => number;
  /** Accepted nonces, in the database: a replay is refused after a reload, a restart and by another process. */
  nonces: NonceLedger;
  /**
   * The origin this gateway answers as for a request. Behind a proxy or under `next start` the request URL
   * may say "localhost" while the client signed for "127.0.0.1": the gateway's configured public origins decide.
   */
  originOf?: (request: Request) => string;
}): RequestSignatureVerifier {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const { nonces } = options;

  return {
    async verify(request, header) {
      const fields = parseFields(header);
      if (!fields) {
        return fail(
          "malformed_signature",
          "The Authorization header is not an EIP712 request signature the gateway can read.",
        );
      }
      const t = now();
      if (fields.expiresAt <= t)
        return fail("signature_expired", "The request signature has expired; sign the request again.");
      if (fields.issuedAt > t + CLOCK_SKEW_S)
        return fail("signature_from_the_future", "The request signature is dated in the future; check your clock.");
      if (fields.expiresAt - fields.issuedAt > MAX_SIGNATURE_LIFETIME_S || fields.expiresAt < fields.issuedAt) {
        return fail(
          "signature_lifetime_too_long",
          `A request signature may live at most ${MAX_SIGNATURE_LIFETIME_S} seconds.`,
        );
      }
      if (!isCanonicalSignature(fields.signature)) {
        return fail(
          "signature_not_canonical",
          "The request signature is not in canonical (low-s, EIP-2) form; sign the request again.",
        );
      }

      const account = getAddress(fields.account);
      let signer: Address;
      try {
        const digest = gatewayRequestDigest(options.chainId, {
          account,
          ...requestTarget(request, options.originOf?.(request)),
          method: request.method.toUpperCase(),
          nonce: fields.nonce,
          issuedAt: BigInt(fields.issuedAt),
          expiresAt: BigInt(fields.expiresAt),
        });
        signer = await recoverSigner(digest, fields.signature);
      } catch {
        return fail("forged_signature", "The request signature is not a valid signature.");
      }
      if (signer !== account) {
        return fail("forged_signature", `The request is signed by ${signer}, not by ${account}.`);
      }
      // Only a genuine signature may use up its nonce, so forgeries cannot burn someone else's.
      const nonceKey = `${account}:${fields.nonce.toLowerCase()}`;
      if (!(await nonces.useNonce(nonceKey, (fields.expiresAt + CLOCK_SKEW_S) * 1000))) {
        return fail(
          "replayed_signature",
          "This request signature was already used; sign each request with a fresh nonce.",
        );
      }
      return { ok: true, account };
    },
  };
}
