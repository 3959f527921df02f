import { bytesToHex, type Hex, hexToBytes, numberToHex } from "viem";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * The other valid signature of the same digest by the same key: s replaced by n - s and the recovery id flipped.
 * ECDSA accepts both; EIP-2 and the gateway accept only the low-s one. Tests use this to build the forgery.
 */
export function highSTwin(signature: Hex): Hex {
  const bytes = hexToBytes(signature);
  if (bytes.length !== 65) throw new Error("highSTwin takes a 65-byte signature");
  const s = BigInt(bytesToHex(bytes.subarray(32, 64)));
  const v = bytes[64];
  const flipped = v >= 27 ? (v === 27 ? 28 : 27) : v ^ 1;
  const twin = new Uint8Array(65);
  twin.set(bytes.subarray(0, 32), 0);
  twin.set(hexToBytes(numberToHex(N - s, { size: 32 })), 32);
  twin[64] = flipped;
  return bytesToHex(twin);
}
