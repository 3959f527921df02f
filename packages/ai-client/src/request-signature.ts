import { gatewayDomain, gatewayRequestTypes, REQUEST_SIGNATURE_SCHEME } from "@ipnft/gateway/api";
import type { Address, Hex, TypedDataDefinition } from "viem";

/**
 * The client's side of the gateway's per-request signature (`Authorization: EIP712 <base64url JSON>`): the exact
 * request (gateway origin, method, path with query) signed as EIP-712 typed data with a fresh nonce and a short
 * lifetime. The format (scheme, EIP-712 type and domain) is the gateway's API (`@ipnft/gateway/api`); its verifier lives
 * in its server modules, which this package may not import; a unit test holds the two together.
 */

/** Anything that can sign EIP-712 typed data for an address: a local key, or a node's unlocked account. */
export interface Signer {
  address: Address;
  signTypedData(typedData: TypedDataDefinition): Promise<Hex>;
}

/** Seconds a request signature lives: long enough for a slow start, short enough to be worthless later. */
export const REQUEST_SIGNATURE_LIFETIME_S = 120;

function randomNonce(): Hex {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The `Authorization` header for one request to the gateway. */
export async function signRequest(
  signer: Signer,
  chainId: number,
  url: string,
  method = "GET",
  nowS = Math.floor(Date.now() / 1000),
): Promise<string> {
  const target = new URL(url);
  const nonce = randomNonce();
  const expiresAt = nowS + REQUEST_SIGNATURE_LIFETIME_S;
  const signature = await signer.signTypedData({
    domain: gatewayDomain(chainId),
    types: gatewayRequestTypes,
    primaryType: "GatewayRequest",
    message: {
      account: signer.address,
      gateway: target.origin,
      method: method.toUpperCase(),
      path: `${target.pathname}${target.search}`,
      nonce,
      issuedAt: BigInt(nowS),
      expiresAt: BigInt(expiresAt),
    },
  });
  const fields = { account: signer.address, nonce, issuedAt: nowS, expiresAt, signature };
  return `${REQUEST_SIGNATURE_SCHEME} ${Buffer.from(JSON.stringify(fields)).toString("base64url")}`;
}
