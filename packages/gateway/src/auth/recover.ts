import { createRequire } from "node:module";
import { type Address, bytesToHex, getAddress, type Hex, hexToBytes, keccak256, recoverAddress } from "viem";

/**
 * Who signed a digest (ECDSA public-key recovery on secp256k1). Every headless download pays for one,
 * so the gateway uses libsecp256k1 through the `secp256k1` addon (its prebuilt binary; ~0.25 ms here)
 * instead of the pure-JS recovery viem uses (~4 ms here), which made the request signature cost more
 * than serving a 1 MiB file. If the addon cannot load, the pure-JS path gives the same answer.
 */
interface Secp256k1Addon {
  ecdsaRecover(signature: Uint8Array, recid: number, message: Uint8Array, compressed: boolean): Uint8Array;
}

const addon: Secp256k1Addon | undefined = (() => {
  try {
    return createRequire(import.meta.url)("secp256k1") as Secp256k1Addon;
  } catch {
    return undefined;
  }
})();

export const nativeRecovery = addon !== undefined;

/** Half the order of secp256k1: EIP-2 allows only signatures whose s is at most this. */
const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/**
 * Whether a signature has the one canonical form (EIP-2: low s). Every ECDSA signature has a high-s twin that
 * recovers the same signer; accepting both lets anyone make a second, different-looking signature from one they
 * saw. Signatures that are not 64 or 65 bytes (contract wallets' ERC-1271/6492 blobs) are not ECDSA pairs and are
 * left to their verifier.
 */
export function isCanonicalSignature(signature: Hex): boolean {
  const bytes = hexToBytes(signature);
  if (bytes.length === 65) return BigInt(bytesToHex(bytes.subarray(32, 64))) <= HALF_ORDER;
  if (bytes.length === 64) {
    // EIP-2098 compact: the top bit of the second word is the parity, the rest is s
    const s = BigInt(bytesToHex(bytes.subarray(32, 64))) & ((1n << 255n) - 1n);
    return s <= HALF_ORDER;
  }
  return true;
}

export async function recoverSigner(digest: Hex, signature: Hex): Promise<Address> {
  const bytes = hexToBytes(signature);
  if (addon && bytes.length === 65) {
    const v = bytes[64];
    const recid = v >= 27 ? v - 27 : v;
    if (recid === 0 || recid === 1) {
      // Throws on an invalid signature, as viem's recovery does.
      const publicKey = addon.ecdsaRecover(bytes.subarray(0, 64), recid, hexToBytes(digest), false);
      return getAddress(`0x${keccak256(publicKey.subarray(1)).slice(-40)}`);
    }
  }
  return recoverAddress({ hash: digest, signature });
}
