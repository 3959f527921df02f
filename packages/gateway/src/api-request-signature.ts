/**
 * The per-request signature's format, part of the gateway's API (api.ts re-exports it): the scheme, the EIP-712 type
 * and the domain a headless client signs with. Import-safe from browser code: constants only.
 */

/** `Authorization: EIP712 <base64url JSON of the signed fields>`: the scheme of a per-request signature. */
export const REQUEST_SIGNATURE_SCHEME = "EIP712";

/** The EIP-712 type a headless client signs for one request: the exact request, a fresh nonce, a short lifetime. */
export const gatewayRequestTypes = {
  GatewayRequest: [
    { name: "account", type: "address" },
    { name: "gateway", type: "string" },
    { name: "method", type: "string" },
    { name: "path", type: "string" },
    { name: "nonce", type: "bytes32" },
    { name: "issuedAt", type: "uint64" },
    { name: "expiresAt", type: "uint64" },
  ],
} as const;

/** The gateway's EIP-712 domain on a chain. */
export function gatewayDomain(chainId: number) {
  return { name: "IP-NFT Gateway", version: "1", chainId } as const;
}
