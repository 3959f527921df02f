/**
 * The gateway's answers when it will not serve: JSON `{ error, reason, ... }` with a stable code a
 * program can branch on and a sentence a person can read.
 */
export type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 409 | 413 | 415 | 416 | 429 | 500 | 503;

export function jsonResponse(status: number, body: unknown, headers?: ConstructorParameters<typeof Headers>[0]): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  h.set("cache-control", "no-store");
  return new Response(JSON.stringify(body, (_key, value) => (typeof value === "bigint" ? value.toString() : value)), {
    status,
    headers: h,
  });
}

export function errorResponse(
  status: ErrorStatus,
  error: string,
  reason: string,
  extra: Record<string, unknown> = {},
  headers?: ConstructorParameters<typeof Headers>[0],
): Response {
  const h = new Headers(headers);
  if (status === 401 && !h.has("www-authenticate")) {
    // Both ways in: a SIWE session cookie (browsers) or a signed request (headless clients).
    h.set("www-authenticate", 'EIP712 realm="ipnft-gateway", SIWE realm="ipnft-gateway"');
  }
  return jsonResponse(status, { error, reason, ...extra }, h);
}
