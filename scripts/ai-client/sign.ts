import { randomBytes } from "node:crypto";
import type { Address, Hex, TypedDataDefinition } from "viem";
import {
  type GatewayRequestMessage,
  encodeAuthorization,
  gatewayRequestTypedData,
  requestTarget,
} from "@ipnft/gateway/auth/request-signature";

/** Anything that can sign EIP-712 typed data for an address: a local key, or a node's unlocked account. */
export interface Signer {
  address: Address;
  signTypedData(typedData: TypedDataDefinition): Promise<Hex>;
}

/** Seconds a request signature lives: long enough for a slow start, short enough to be worthless later. */
export const REQUEST_SIGNATURE_LIFETIME_S = 120;

/**
 * The `Authorization` header for one request to the gateway: an EIP-712 signature of its origin,
 * method, path and query, with a fresh nonce and a short expiry.
 */
export async function signRequest(
  signer: Signer,
  chainId: number,
  url: string,
  method = "GET",
  nowS = Math.floor(Date.now() / 1000),
): Promise<string> {
  const message: GatewayRequestMessage = {
    account: signer.address,
    ...requestTarget(new Request(url)),
    method: method.toUpperCase(),
    nonce: `0x${randomBytes(32).toString("hex")}`,
    issuedAt: BigInt(nowS),
    expiresAt: BigInt(nowS + REQUEST_SIGNATURE_LIFETIME_S),
  };
  const signature = await signer.signTypedData(gatewayRequestTypedData(chainId, message) as unknown as TypedDataDefinition);
  return encodeAuthorization({
    account: signer.address,
    nonce: message.nonce,
    issuedAt: nowS,
    expiresAt: nowS + REQUEST_SIGNATURE_LIFETIME_S,
    signature,
  });
}
