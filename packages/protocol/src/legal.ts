import { parseCid } from "./content/cid";

/**
 * The legal texts of the presets `LicenseTerms` ships: Markdown documents in `packages/protocol/legal/`, each named
 * on chain by its content identifier (CIDv1, raw, SHA-256, as `identifyFile` computes it) as `ipfs://<cid>`. The
 * deploy passes these URIs to the LicenseTerms constructor; a test checks every CID against its file's bytes, and
 * another that the chain holds exactly these URIs. Editing a document therefore changes its CID, and the presets of
 * the next deployment name the new text: licenses already sold keep the text they were sold under.
 *
 * Browser-safe (no file system): the gateway reads the files, the app shows the list.
 */
export interface PresetLegalDocument {
  /** The preset's name, as `LicenseTerms.presets()` lists it. */
  preset: string;
  /** The document's file name in `packages/protocol/legal/`. */
  file: string;
  /** Its canonical base32 CIDv1. */
  cid: string;
}

/** In the order the LicenseTerms constructor registers the presets (terms ids 1 to 5 on a fresh deployment). */
export const presetLegalDocuments: readonly PresetLegalDocument[] = [
  {
    preset: "No AI training",
    file: "no-ai-training.md",
    cid: "bafkreigewiqpmynq7hwugvigmjrj6pzzwstswpycwuq2ry5vlidfuipxga",
  },
  {
    preset: "AI training, flat fee",
    file: "ai-training-flat-fee.md",
    cid: "bafkreifk62ob5dqldcebmoorriyjd77lytspt65evotp43zgpikwm4xhwe",
  },
  {
    preset: "AI training, streamed and metered",
    file: "ai-training-streamed-metered.md",
    cid: "bafkreids7u35cr44icgbyzkgwqqqr4aiucbpuvueovz37xyolqyky3yfvm",
  },
  {
    preset: "Commercial remix with derivative royalty",
    file: "commercial-remix.md",
    cid: "bafkreifse2gj4b5axwvrvbu3xo3md4wkz7w2uuhk4cbklbkbgvjqx2kldq",
  },
  {
    preset: "AI training, pay per file",
    file: "ai-training-pay-per-file.md",
    cid: "bafkreieag5rxbcvgocyij337jpe5h66mxvewtqsru2se4ca7ipkicva4l4",
  },
];

/** The name of the pay-per-file preset (x402 sells single files under it). */
export const PAY_PER_FILE_PRESET = "AI training, pay per file";

/** A document's `legalTextURI`: `ipfs://<cid>`. */
export const legalTextUri = (cid: string): string => `ipfs://${cid}`;

/** The URIs the LicenseTerms constructor takes, in preset order. */
export const presetLegalTextUris = (): string[] => presetLegalDocuments.map((d) => legalTextUri(d.cid));

/**
 * The CID a `legalTextURI` names, when it names a content-addressed document (`ipfs://<canonical CIDv1>`, optionally
 * with a trailing slash); undefined for anything else (a URL, a URN, a malformed CID).
 */
export function legalDocumentCid(uri: string): string | undefined {
  const match = /^ipfs:\/\/([^/?#]+)\/?$/.exec(uri.trim());
  return match && parseCid(match[1]) ? match[1] : undefined;
}

/** The shipped document with that CID, if it is one. */
export const presetLegalDocument = (cid: string): PresetLegalDocument | undefined =>
  presetLegalDocuments.find((d) => d.cid === cid);

/** Where the gateway serves a document by CID (`GET /api/legal/<cid>`), relative to its origin. */
export const legalDocumentPath = (cid: string): string => `/api/legal/${cid}`;
