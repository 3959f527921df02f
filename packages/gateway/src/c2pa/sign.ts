import type { Address, Hex } from "viem";
import type { GatewaySigner } from "./certificate";
import { DATASET_LICENSE_ASSERTION, LICENSE_ASSERTION, PAYMENT_ASSERTION } from "./credentials";
import { BytesBlob, c2paSdk, credentialTypes, sdkSettings } from "./sdk";

/** What every served copy's manifest states about the work: the IP-NFT and the registered original. */
interface WorkStatement {
  chainId: number;
  /** The IPRegistry (the IP-NFT contract) and the work's IP id in it. */
  registry: Address;
  ipId: bigint;
  /** The terms the file is served under, and their legal text. */
  termsId: bigint;
  termsUri?: string;
  /** The registered original: its CID and SHA-256 (the certificate's). */
  cid: string;
  sha256: Hex;
}

/** What a licensed copy's manifest states: the work, the license, the licensee and the terms. */
export interface LicenseStatement extends WorkStatement {
  kind?: "license";
  /** The LicenseToken and the license the file is served under. */
  licenseToken: Address;
  licenseId: bigint;
  licensee: Address;
}

/** A file paid for over x402: no license exists, so the manifest names the payment (`org.ipnft.payment`). */
export interface PaymentStatement extends WorkStatement {
  kind: "payment";
  payer: Address;
  /** The settlement transaction, and what it moved: `amount` base units of `asset` to `payTo` on `network`. */
  transaction: string;
  amount: string;
  asset: Address;
  payTo: Address;
  network: string;
}

/**
 * A member file served under a license of a dataset (`org.ipnft.dataset-license`): `ipId` is the member's, the
 * license (and its terms) is of the dataset IP.
 */
export interface DatasetLicenseStatement extends WorkStatement {
  kind: "dataset";
  datasetIpId: bigint;
  licenseToken: Address;
  licenseId: bigint;
  licensee: Address;
}

/** What the gateway's manifest on a served copy states, by the way the file was let out. */
export type ServedStatement = LicenseStatement | PaymentStatement | DatasetLicenseStatement;

/** The custom assertion, the action and its words, and the title for one served copy. */
function describeServed(s: ServedStatement, when: string) {
  const original = { cid: s.cid, sha256: s.sha256 };
  const work = { chainId: s.chainId, registry: s.registry, ipId: s.ipId.toString() };
  const terms = { termsId: s.termsId.toString(), ...(s.termsUri ? { termsUri: s.termsUri } : {}) };
  if (s.kind === "payment") {
    const payment = {
      transaction: s.transaction,
      amount: s.amount,
      asset: s.asset,
      payTo: s.payTo,
      network: s.network,
    };
    return {
      label: PAYMENT_ASSERTION,
      data: { ...work, payer: s.payer, payment, ...terms, original, issuedAt: when },
      action: "org.ipnft.paid",
      words:
        `Served by the gateway to ${s.payer} for x402 payment ${s.transaction} of ${s.amount} units of ${s.asset} ` +
        `for IP ${s.ipId} (terms ${s.termsId}).`,
      title: `IP ${s.ipId} (${s.cid}), paid in ${s.transaction}`,
    };
  }
  const license = {
    licenseToken: s.licenseToken,
    licenseId: s.licenseId.toString(),
    licensee: s.licensee,
  };
  if (s.kind === "dataset") {
    return {
      label: DATASET_LICENSE_ASSERTION,
      data: { ...work, datasetIpId: s.datasetIpId.toString(), ...license, ...terms, original, issuedAt: when },
      action: "org.ipnft.licensed",
      words:
        `Served by the gateway as member IP ${s.ipId} of dataset IP ${s.datasetIpId}, under license ` +
        `${s.licenseId} of the dataset to ${s.licensee} (terms ${s.termsId}).`,
      title: `IP ${s.ipId} (${s.cid}) in dataset ${s.datasetIpId}, license ${s.licenseId}`,
    };
  }
  return {
    label: LICENSE_ASSERTION,
    data: { ...work, ...license, ...terms, original, issuedAt: when },
    action: "org.ipnft.licensed",
    words:
      `Served by the gateway under license ${s.licenseId} of IP ${s.ipId} ` + `to ${s.licensee} (terms ${s.termsId}).`,
    title: `IP ${s.ipId} (${s.cid}), license ${s.licenseId}`,
  };
}

/**
 * Signs a served copy: the original's bytes with a C2PA manifest added by the gateway, whose custom assertion states
 * how the file was let out (a license, a dataset license or an x402 payment: `describeServed`) and whose
 * `c2pa.actions` say the original (its own manifest, if any, kept as the parent ingredient) was opened and served.
 * The SDK validates the result before returning it.
 */
export async function signLicensedCopy(
  gateway: GatewaySigner,
  original: Uint8Array,
  mediaType: string,
  statement: ServedStatement,
  trustAnchors?: string,
): Promise<Uint8Array> {
  if (!credentialTypes.has(mediaType)) throw new Error(`content credentials are not added to ${mediaType} files`);
  const sdk = c2paSdk();
  const when = new Date().toISOString();
  const served = describeServed(statement, when);
  const definition = {
    claim_generator_info: [{ name: "IP-NFT gateway", version: "1" }],
    title: served.title,
    format: mediaType,
    assertions: [{ label: served.label, data: served.data }],
  };
  const builder = sdk.WasmBuilder.fromJson(JSON.stringify(definition), sdkSettings(trustAnchors));
  try {
    const ingredient = { title: `IP ${statement.ipId} original`, relationship: "parentOf", label: "original" };
    await builder.addIngredientFromBlob(JSON.stringify(ingredient), mediaType, new BytesBlob(original));
    builder.addAction({ action: "c2pa.opened", when, parameters: { ingredientIds: ["original"] } });
    builder.addAction({ action: served.action, when, parameters: { description: served.words } });
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
