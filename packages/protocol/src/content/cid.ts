import { CID } from "multiformats/cid";
import { bytesToHex, type Hex, hexToBytes } from "viem";

/** A binary CIDv1 as the chain stores it (`Certificate.contentCid`), as its canonical base32 text. */
export function cidText(cidBytes: Hex): string {
  return CID.decode(hexToBytes(cidBytes)).toString();
}

/** Base32 CID text as the binary CIDv1 `IPRegistry.register` takes. */
export function cidBytes(text: string): Hex {
  return bytesToHex(CID.parse(text).bytes);
}

/**
 * Parses a CID given by a client (a URL segment, a form field). Only the canonical base32 CIDv1 form is accepted,
 * so a CID string can be used as a file name without any path trickery.
 */
export function parseCid(text: string): CID | undefined {
  if (!/^b[a-z2-7]{20,120}$/.test(text)) return undefined;
  try {
    const cid = CID.parse(text);
    return cid.version === 1 && cid.toString() === text ? cid : undefined;
  } catch {
    return undefined;
  }
}
