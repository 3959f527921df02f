import type { Address, Hex } from "viem";
import type { GatewaySigner } from "./certificate";
import { LICENSE_ASSERTION } from "./credentials";
import { BytesBlob, c2paSdk, credentialTypes, sdkSettings } from "./sdk";

/** What a licensed copy's manifest states: the work, the license, the licensee and the terms. */
export interface LicenseStatement {
  chainId: number;
  /** The IPRegistry (the IP-NFT contract) and the work's IP id in it. */
  registry: Address;
  ipId: bigint;
  /** The LicenseToken and the license the file is served under. */
  licenseToken: Address;
  licenseId: bigint;
  licensee: Address;
  termsId: bigint;
  termsUri?: string;
  /** The registered original: its CID and SHA-256 (the certificate's). */
  cid: string;
  sha256: Hex;
}

/**
 * Signs a licensed copy: the original's bytes with a C2PA manifest added by the gateway, whose `org.ipnft.license`
 * assertion states the license and whose `c2pa.actions` say the original (its own manifest, if any, kept as the parent
 * ingredient) was opened and licensed. The SDK validates the result before returning it.
 */
export async function signLicensedCopy(
  gateway: GatewaySigner,
  original: Uint8Array,
  mediaType: string,
  statement: LicenseStatement,
  trustAnchors?: string,
): Promise<Uint8Array> {
  if (!credentialTypes.has(mediaType)) throw new Error(`content credentials are not added to ${mediaType} files`);
  const sdk = c2paSdk();
  const when = new Date().toISOString();
  const license = {
    chainId: statement.chainId,
    registry: statement.registry,
    ipId: statement.ipId.toString(),
    licenseToken: statement.licenseToken,
    licenseId: statement.licenseId.toString(),
    licensee: statement.licensee,
    termsId: statement.termsId.toString(),
    ...(statement.termsUri ? { termsUri: statement.termsUri } : {}),
    original: { cid: statement.cid, sha256: statement.sha256 },
    issuedAt: when,
  };
  const definition = {
    claim_generator_info: [{ name: "IP-NFT gateway", version: "1" }],
    title: `IP ${statement.ipId} (${statement.cid}), license ${statement.licenseId}`,
    format: mediaType,
    assertions: [{ label: LICENSE_ASSERTION, data: license }],
  };
  const builder = sdk.WasmBuilder.fromJson(JSON.stringify(definition), sdkSettings(trustAnchors));
  try {
    const ingredient = { title: `IP ${statement.ipId} original`, relationship: "parentOf", label: "original" };
    await builder.addIngredientFromBlob(JSON.stringify(ingredient), mediaType, new BytesBlob(original));
    builder.addAction({ action: "c2pa.opened", when, parameters: { ingredientIds: ["original"] } });
    builder.addAction({
      action: "org.ipnft.licensed",
      when,
      parameters: {
        description:
          `Served by the gateway under license ${statement.licenseId} of IP ${statement.ipId} ` +
          `to ${statement.licensee} (terms ${statement.termsId}).`,
      },
    });
    return await builder.sign(gateway.signer, [], mediaType, new BytesBlob(original));
  } finally {
    builder.free();
  }
}

/**
 * Licensed copies already signed, per (file, license, licensee), so a file fetched again is not signed again: a
 * bounded in-memory cache (least recently used first out), which also shares one signing among concurrent requests.
 */
export function licensedCopyCache(maxBytes = 256 * 1024 * 1024) {
  const entries = new Map<string, { copy: Promise<Uint8Array>; size: number }>();
  let total = 0;
  return {
    async get(key: string, sign: () => Promise<Uint8Array>): Promise<{ copy: Uint8Array; cached: boolean }> {
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
        return { copy: await hit.copy, cached: true };
      }
      const entry = { copy: sign(), size: 0 };
      entries.set(key, entry);
      let copy: Uint8Array;
      try {
        copy = await entry.copy;
      } catch (error) {
        entries.delete(key);
        throw error;
      }
      entry.size = copy.length;
      total += copy.length;
      for (const [k, e] of entries) {
        if (total <= maxBytes || k === key) break;
        entries.delete(k);
        total -= e.size;
      }
      return { copy, cached: false };
    },
  };
}
