/** Import-safe from browser code: types only (re-exported by the gateway's API, api.ts). */

/**
 * The x402 (v2) offer of a file sold per file, beside the license offers in a 402's body; the same offer is in the
 * `PAYMENT-REQUIRED` header (base64 JSON), which x402 clients read.
 */
export interface X402Offer {
  x402Version: 2;
  resource: { url: string; description: string; mimeType: string };
  accepts: Array<{
    scheme: string;
    network: string;
    asset: string;
    amount: string;
    payTo: string;
    maxTimeoutSeconds: number;
    extra: Record<string, unknown>;
  }>;
}
