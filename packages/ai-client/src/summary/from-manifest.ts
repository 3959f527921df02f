import type { LicensedItem, Settlement } from "./training-summary";

/**
 * The summary's items from what a client recorded: the CLI's manifest (`runClient`'s manifest.json) or the MCP
 * agent's (whose files are items already). Import-safe from browser code.
 */

/** What a gateway declared for text and data mining on a download: W3C TDMRep headers and the RSL link. */
export function tdmDeclared(headers: Headers): { reservation?: string; policy?: string; rsl?: string } {
  const rsl = /<([^>]+)>;\s*rel="license"/.exec(headers.get("link") ?? "")?.[1];
  const reservation = headers.get("tdm-reservation") ?? undefined;
  const policy = headers.get("tdm-policy") ?? undefined;
  return { ...(reservation ? { reservation } : {}), ...(policy ? { policy } : {}), ...(rsl ? { rsl } : {}) };
}

interface RecordedFile {
  cid: string;
  sha256: string;
  size: number;
  mediaType: string;
  ipId: string;
  licenseId?: string;
  termsId: string;
  terms?: unknown;
  summary?: string;
  legalTextURI?: string;
  rightsholder?: string;
  kind?: string;
  downloadedAt?: string;
  obtainedAt?: string;
  settlements?: Settlement[];
  tdm?: LicensedItem["tdm"];
}

/** The items of a manifest; `settlementOf` adds what the manifest does not hold (a license's purchase on chain). */
export async function itemsFromManifest(
  manifest: unknown,
  settlementOf: (licenseId: string) => Promise<Settlement[]> = async () => [],
): Promise<LicensedItem[]> {
  const files = (manifest as { files?: unknown })?.files;
  if (!Array.isArray(files)) throw new Error("This is not a manifest: it has no list of files.");
  return Promise.all(
    (files as RecordedFile[]).map(async (f) => {
      const settlements = f.settlements ?? (f.licenseId ? await settlementOf(f.licenseId) : []);
      return {
        cid: f.cid,
        sha256: f.sha256,
        size: f.size,
        mediaType: f.mediaType,
        ipId: f.ipId,
        ...(f.licenseId ? { licenseId: f.licenseId } : {}),
        termsId: f.termsId,
        terms: typeof f.terms === "string" ? f.terms : (f.summary ?? `terms ${f.termsId}`),
        ...(f.legalTextURI ? { legalTextURI: f.legalTextURI } : {}),
        rightsholder: f.rightsholder ?? "(not recorded)",
        ...(f.kind ? { kind: f.kind } : {}),
        obtainedAt: f.obtainedAt ?? f.downloadedAt ?? "",
        settlements,
        ...(f.tdm ? { tdm: f.tdm } : {}),
      };
    }),
  );
}
