import { gatewayRequestDigest, requestTarget } from "@ipnft/gateway/auth/request-signature";
import { type Address, type Hex, recoverAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { REQUEST_SIGNATURE_LIFETIME_S, signRequest } from "./request-signature";

const account = privateKeyToAccount(generatePrivateKey());
const signer = { address: account.address, signTypedData: account.signTypedData };
const url = "http://127.0.0.1:3000/api/works/7/content?use=training";

function readHeader(header: string) {
  const [scheme, token] = header.split(" ");
  expect(scheme).toBe("EIP712");
  return JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as {
    account: Address;
    nonce: Hex;
    issuedAt: number;
    expiresAt: number;
    signature: Hex;
  };
}

/** Whom the gateway's own digest of `request` recovers the header's signature to. */
async function signerAsTheGatewaySeesIt(request: Request, header: string, chainId = 31337) {
  const f = readHeader(header);
  const digest = gatewayRequestDigest(chainId, {
    account: f.account,
    ...requestTarget(request),
    method: request.method,
    nonce: f.nonce,
    issuedAt: BigInt(f.issuedAt),
    expiresAt: BigInt(f.expiresAt),
  });
  return recoverAddress({ hash: digest, signature: f.signature });
}

describe("request signatures", () => {
  it("recover to the client's key under the gateway's own digest of the request", async () => {
    const header = await signRequest(signer, 31337, url);
    expect(await signerAsTheGatewaySeesIt(new Request(url), header)).toBe(account.address);
  });

  it("bind the method, path and query: the same header does not sign another request", async () => {
    const header = await signRequest(signer, 31337, url);
    const other = new Request(url.replace("use=training", "use=commercial"));
    expect(await signerAsTheGatewaySeesIt(other, header)).not.toBe(account.address);
    expect(await signerAsTheGatewaySeesIt(new Request(url, { method: "POST" }), header)).not.toBe(account.address);
  });

  it("bind the chain", async () => {
    const header = await signRequest(signer, 1, url);
    expect(await signerAsTheGatewaySeesIt(new Request(url), header)).not.toBe(account.address);
  });

  it("carry a fresh nonce each time and a short lifetime", async () => {
    const a = readHeader(await signRequest(signer, 31337, url, "GET", 1_800_000_000));
    const b = readHeader(await signRequest(signer, 31337, url, "GET", 1_800_000_000));
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.expiresAt - a.issuedAt).toBe(REQUEST_SIGNATURE_LIFETIME_S);
  });
});
