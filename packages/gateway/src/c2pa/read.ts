import { createHash } from "node:crypto";
import { JPEG, PNG } from "@trustnxt/c2pa-ts/asset";
import type { Hex } from "viem";
import { type ContentCredentials, type ManifestSummary, SERVED_ASSERTIONS } from "./credentials";
import { c2paSdk, credentialTypes, sdkSettings } from "./sdk";

/**
 * Reads and validates a file's embedded C2PA manifest store with the official SDK. `trustAnchors` (PEM) decide
 * `trusted`; validity does not depend on them.
 *
 * The SDK validates but does not hand out the raw manifest store, so its bytes (for the hash the certificate records)
 * are located with `@trustnxt/c2pa-ts`'s asset readers, which do only that here: every judgement is the SDK's.
 */
export async function readContentCredentials(
  bytes: Uint8Array,
  mediaType: string,
  trustAnchors?: string,
): Promise<ContentCredentials> {
  const store = manifestStoreBytes(bytes, mediaType);
  if (!store) return { state: "none" };
  const manifestHash = `0x${createHash("sha256").update(store).digest("hex")}` as Hex;
  const sdk = c2paSdk();
  let report: SdkReport;
  try {
    const reader = await sdk.WasmReader.fromBytes(mediaType, bytes, sdkSettings(trustAnchors));
    try {
      report = JSON.parse(reader.json()) as SdkReport;
    } finally {
      reader.free();
    }
  } catch (error) {
    const why = sdkError(error);
    return { state: "invalid", manifestHash, trusted: false, codes: [why], reason: invalidBecause(why) };
  }
  const failures = report.validation_results?.activeManifest?.failure ?? report.validation_status ?? [];
  const codes = failures.map((f) => f.code);
  const active = report.active_manifest ? report.manifests?.[report.active_manifest] : undefined;
  const manifest = active && report.active_manifest ? summarize(report.active_manifest, active) : undefined;
  const trusted = report.validation_state === "Trusted";
  if (report.validation_state === "Valid" || trusted) {
    return { state: "valid", manifestHash, trusted, codes, ...(manifest ? { manifest } : {}) };
  }
  const words = failures
    .filter((f) => f.code !== "signingCredential.untrusted")
    .map((f) => `${f.code}${f.explanation ? ` (${f.explanation})` : ""}`);
  const reason = invalidBecause(words.join("; ") || codes.join("; ") || "the SDK did not validate it");
  return { state: "invalid", manifestHash, trusted: false, codes, reason, ...(manifest ? { manifest } : {}) };
}

const invalidBecause = (why: string) => `content credentials present but invalid: ${why}`;

/** The embedded manifest store (the `c2pa` JUMBF superbox), if the file has one. */
export function manifestStoreBytes(bytes: Uint8Array, mediaType: string): Uint8Array | undefined {
  if (!credentialTypes.has(mediaType)) return undefined;
  try {
    if (mediaType === "image/jpeg" && JPEG.canRead(bytes)) return new JPEG(bytes).getManifestJUMBF();
    if (mediaType === "image/png" && PNG.canRead(bytes)) return new PNG(bytes).getManifestJUMBF();
  } catch {
    // A file the box reader cannot walk has no store we can point at; the upload's own checks judge the image.
  }
  return undefined;
}

function sdkError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // The SDK's errors read like `C2pa(InvalidClaim(...))`: keep the first line, bounded.
  return text.split("\n")[0].slice(0, 300);
}

/** The SDK's JSON report (`Reader::json`), in the fields read here. */
interface SdkReport {
  active_manifest?: string;
  manifests?: Record<string, SdkManifest>;
  validation_state?: "Invalid" | "Valid" | "Trusted";
  validation_status?: SdkStatus[];
  validation_results?: { activeManifest?: { failure?: SdkStatus[] } };
}
interface SdkStatus {
  code: string;
  explanation?: string;
}
interface SdkManifest {
  title?: string;
  claim_generator?: string;
  claim_generator_info?: { name?: string; version?: string }[];
  assertions?: { label: string; data?: unknown }[];
  ingredients?: { title?: string; relationship?: string; active_manifest?: string }[];
  signature_info?: { issuer?: string; common_name?: string; alg?: string; time?: string };
}

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function summarize(label: string, m: SdkManifest): ManifestSummary {
  const assertions = m.assertions ?? [];
  const generator = m.claim_generator_info?.[0];
  const claimGenerator =
    (generator?.name ? `${generator.name}${generator.version ? ` ${generator.version}` : ""}` : m.claim_generator) ??
    "unnamed";
  const actions = assertions
    .filter((a) => a.label.startsWith("c2pa.actions"))
    .flatMap((a) => (Array.isArray(record(a.data).actions) ? (record(a.data).actions as unknown[]) : []))
    .map((raw) => {
      const a = record(raw);
      const agent = a.softwareAgent;
      const softwareAgent = text(agent) ?? text(record(agent).name);
      return {
        action: text(a.action) ?? "unknown",
        ...(text(a.when) ? { when: text(a.when) } : {}),
        ...(softwareAgent ? { softwareAgent } : {}),
        ...(text(a.digitalSourceType) ? { digitalSourceType: text(a.digitalSourceType) } : {}),
      };
    });
  const creative = assertions.find((a) => a.label === "stds.schema-org.CreativeWork");
  const creativeWork = creative ? record(creative.data) : undefined;
  const authorField = creativeWork?.author;
  const authors = (Array.isArray(authorField) ? authorField : authorField ? [authorField] : [])
    .map((a) => text(a) ?? text(record(a).name))
    .filter((a): a is string => Boolean(a));
  const license = assertions.find((a) => SERVED_ASSERTIONS.includes(a.label));
  const s = m.signature_info ?? {};
  return {
    label,
    ...(m.title ? { title: m.title } : {}),
    claimGenerator,
    actions,
    authors,
    ...(creativeWork ? { creativeWork } : {}),
    signer: { issuer: s.issuer, commonName: s.common_name, alg: s.alg, time: s.time },
    ingredients: (m.ingredients ?? []).map((i) => ({
      title: i.title,
      relationship: i.relationship,
      hasManifest: Boolean(i.active_manifest),
    })),
    ...(license ? { license: record(license.data), licenseLabel: license.label } : {}),
  };
}
