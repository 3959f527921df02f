import type { Deployment } from "@ipnft/protocol/deployment";
import { usageReceiptTypedData } from "@ipnft/protocol/verbs";
import { type Address, getAddress, isAddress, type TypedDataDefinition } from "viem";

/**
 * What the client signs usage receipts for: ONE UsageMeter on ONE chain, taken from a deployment file the user trusts
 * or pinned on the command line, never from a gateway's answer. A receipt is built by the protocol's verb from
 * (licenseId, cumulativeUnits) the client itself accounted; the typed data a gateway sends along is only compared with
 * it, and any difference is a refusal in words.
 */
export interface TrustedMeter {
  chainId: number;
  /** Absent when the trusted deployment has no usage meter: then nothing is ever signed. */
  usageMeter?: Address;
  /** Where the trust came from, for messages. */
  source: string;
}

export function trustDeployment(deployment: Pick<Deployment, "chainId" | "contracts">, source: string): TrustedMeter {
  const meter = deployment.contracts.UsageMeter;
  return { chainId: deployment.chainId, usageMeter: meter ? getAddress(meter) : undefined, source };
}

export function describeMeter(chainId: unknown, meter: unknown): string {
  return `chain ${String(chainId)}'s UsageMeter ${String(meter)}`;
}

/** The receipt this client signs: the protocol's typed data for the trusted meter, naming the signing licensee. */
export function receiptTypedData(trust: TrustedMeter, licensee: Address, licenseId: bigint, cumulativeUnits: bigint) {
  if (!trust.usageMeter) throw new Error(`The trusted deployment (${trust.source}) has no UsageMeter to sign for.`);
  const meter = { chainId: trust.chainId, contracts: { UsageMeter: trust.usageMeter } };
  return usageReceiptTypedData(meter, { licenseId, licensee, cumulativeUnits });
}

/** What a gateway asks the client to sign, as it arrived in JSON. */
export interface ReceiptRequest {
  licenseId: unknown;
  cumulativeUnits: unknown;
  /** The typed data the gateway sent along, if any: compared, never signed. */
  typedData?: unknown;
}

export interface ReceiptContext {
  trust: TrustedMeter;
  licensee: Address;
  /** The licenses the key holds (from the gateway's listing). */
  held: ReadonlySet<bigint>;
  /** Units this client accounted under a license, in total. */
  accounted(licenseId: bigint): bigint;
}

export type ReceiptDecision =
  | { sign: true; licenseId: bigint; cumulativeUnits: bigint; typedData: TypedDataDefinition }
  | { sign: false; reason: string };

const integer = (value: unknown): bigint | undefined => {
  if (typeof value === "bigint") return value;
  if ((typeof value === "string" && /^[0-9]{1,78}$/.test(value)) || Number.isSafeInteger(value)) {
    return BigInt(value as string | number);
  }
  return undefined;
};

/** JSON as the wire carries it: bigints and numbers as decimal strings, addresses in one case. */
function canonical(value: unknown): unknown {
  if (typeof value === "bigint" || typeof value === "number") return value.toString();
  if (typeof value === "string") return isAddress(value, { strict: false }) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * Decides whether to sign what a gateway asks: only a receipt for a license the key holds, for exactly the units the
 * client accounted, in the trusted meter's domain. Returns the client's own typed data to sign, or why not.
 */
export function decideReceipt(asked: ReceiptRequest, context: ReceiptContext): ReceiptDecision {
  const { trust, licensee } = context;
  const licenseId = integer(asked.licenseId);
  const units = integer(asked.cumulativeUnits);
  if (licenseId === undefined || units === undefined) {
    return { sign: false, reason: "The gateway asks for a usage receipt without a readable license id and units." };
  }
  if (!context.held.has(licenseId)) {
    return {
      sign: false,
      reason: `The gateway asks for a usage receipt for license ${licenseId}, which ${licensee} does not hold.`,
    };
  }
  if (!trust.usageMeter) {
    return {
      sign: false,
      reason: `The gateway asks for a usage receipt, but the trusted deployment (${trust.source}) has no UsageMeter.`,
    };
  }
  const ours = receiptTypedData(trust, licensee, licenseId, units);
  const theirs = (asked.typedData ?? ours) as { domain?: Record<string, unknown>; primaryType?: unknown };
  if (!same(theirs.domain, ours.domain)) {
    const d = theirs.domain ?? {};
    return {
      sign: false,
      reason:
        `The gateway asks for a usage receipt in another domain (${describeMeter(d.chainId, d.verifyingContract)}, ` +
        `"${String(d.name)}" version ${String(d.version)}); this client signs only for ` +
        `${describeMeter(trust.chainId, trust.usageMeter)} (${trust.source}).`,
    };
  }
  const accounted = context.accounted(licenseId);
  if (units !== accounted) {
    return {
      sign: false,
      reason:
        `The gateway asks for a usage receipt for ${units} units under license ${licenseId}, ` +
        `but this client accounted ${accounted}.`,
    };
  }
  if (!same(theirs, ours)) {
    return {
      sign: false,
      reason: `The gateway's usage receipt for license ${licenseId} is not the protocol's receipt for ${units} units.`,
    };
  }
  return { sign: true, licenseId, cumulativeUnits: units, typedData: ours as TypedDataDefinition };
}
