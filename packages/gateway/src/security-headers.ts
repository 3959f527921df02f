/**
 * Security headers, one home for the app's pages (apps/web/proxy.ts) and the gateway's own answers (every route the
 * table serves): no framing by other sites, no MIME sniffing, no full URLs leaked in Referer, and a Content Security
 * Policy.
 */

/** What every answer carries, pages and API alike. */
export const baseSecurityHeaders: Readonly<Record<string, string>> = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};

/**
 * The gateway's answers are data (JSON, files, images), never documents that run anything: they may load nothing,
 * be framed by nobody, and run sandboxed if a browser opens one as a page.
 */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";

/**
 * A page's policy: scripts only from the app itself — its own files, and Next's inline bootstrap scripts carrying
 * this request's nonce ('strict-dynamic' lets those load the app's chunks) — and connections only to the app and the
 * chain's RPC endpoint the wallet talks to. Styles may be inline (the wallet modal sets style attributes).
 */
export function pageContentSecurityPolicy(options: { nonce: string; connect?: readonly string[]; dev?: boolean }) {
  const { nonce, connect = [], dev = false } = options;
  return [
    "default-src 'self'",
    // React's development build uses eval for its error overlays; the production build never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self' ${connect.join(" ")}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Adds the gateway's security headers to an answer, keeping any a handler set itself. */
export function withSecurityHeaders(response: Response): Response {
  const set = (name: string, value: string) => {
    if (!response.headers.has(name)) response.headers.set(name, value);
  };
  try {
    for (const [name, value] of Object.entries(baseSecurityHeaders)) set(name, value);
    set("content-security-policy", apiContentSecurityPolicy);
    return response;
  } catch {
    // immutable headers (a Response from fetch): copy it
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(baseSecurityHeaders)) if (!headers.has(name)) headers.set(name, value);
    if (!headers.has("content-security-policy")) headers.set("content-security-policy", apiContentSecurityPolicy);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}
