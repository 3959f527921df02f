import { webcrypto } from "node:crypto";

/**
 * The gateway's C2PA claim signer, for the SDK's WebAssembly build. That build hands the signer the claim bytes and
 * stores whatever it returns as the claim signature ("direct COSE handling"), so the signer returns a whole COSE_Sign1
 * (RFC 9052) exactly `reserveSize` bytes long, as c2pa-rs does itself: ES256 over the detached claim, the certificate
 * chain in the protected header (`x5chain`, label 33), and a zero-filled `pad` in the unprotected header to fill the
 * reserved box. The SDK then validates what we signed, as any reader will.
 *
 * The CBOR is the handful of shapes COSE_Sign1 needs, written out here: no CBOR library is a dependency of the
 * gateway, and this one structure does not justify one.
 */

type Cbor = number | string | Uint8Array | null | Cbor[] | Map<Cbor, Cbor> | { tag: number; value: Cbor };

function head(major: number, n: number): number[] {
  const m = major << 5;
  if (n < 24) return [m | n];
  if (n < 0x100) return [m | 24, n];
  if (n < 0x10000) return [m | 25, n >> 8, n & 0xff];
  return [m | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function encode(value: Cbor): number[] {
  if (value === null) return [0xf6];
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") {
    const bytes = new TextEncoder().encode(value);
    return [...head(3, bytes.length), ...bytes];
  }
  if (value instanceof Uint8Array) return [...head(2, value.length), ...value];
  if (Array.isArray(value)) return [...head(4, value.length), ...value.flatMap(encode)];
  if (value instanceof Map)
    return [...head(5, value.size), ...[...value].flatMap(([k, v]) => [...encode(k), ...encode(v)])];
  return [...head(6, value.tag), ...encode(value.value)];
}

const COSE_SIGN1_TAG = 18;
const HEADER_ALG = 1;
const HEADER_X5CHAIN = 33;
const ES256 = -7;

/** What the SDK's `sign` takes (its `SignerDefinition`). */
export interface ClaimSigner {
  alg: "es256";
  reserveSize: number;
  sign(claim: Uint8Array): Promise<Uint8Array<ArrayBuffer>>;
}

/**
 * A claim signer with a P-256 private key and its certificate chain (DER, leaf first). `reserveSize` covers the chain,
 * the signature and the COSE framing with room to spare.
 */
export function es256ClaimSigner(privateKey: CryptoKey, chain: Uint8Array[]): ClaimSigner {
  const reserveSize = 2048 + chain.reduce((sum, der) => sum + der.length, 0);
  const x5chain = chain.length === 1 ? chain[0] : chain;
  const protectedHeader = new Uint8Array(
    encode(
      new Map<Cbor, Cbor>([
        [HEADER_ALG, ES256],
        [HEADER_X5CHAIN, x5chain],
      ]),
    ),
  );
  return {
    alg: "es256",
    reserveSize,
    async sign(claim) {
      const toBeSigned = new Uint8Array(encode(["Signature1", protectedHeader, new Uint8Array(0), claim]));
      // WebCrypto's ECDSA signature is r ‖ s, 64 bytes: exactly COSE's encoding.
      const signature = new Uint8Array(
        await webcrypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, privateKey, toBeSigned),
      );
      const sign1 = (pad: number) =>
        new Uint8Array(
          encode({
            tag: COSE_SIGN1_TAG,
            value: [protectedHeader, new Map<Cbor, Cbor>([["pad", new Uint8Array(pad)]]), null, signature],
          }),
        );
      // The pad's own length prefix grows with it: shrink until the whole structure fits the box exactly.
      let pad = reserveSize - sign1(0).length;
      while (pad > 0 && sign1(pad).length > reserveSize) pad--;
      const signed = sign1(pad);
      if (signed.length !== reserveSize)
        throw new Error(`the COSE signature is ${signed.length} bytes, not ${reserveSize}`);
      return signed;
    },
  };
}
