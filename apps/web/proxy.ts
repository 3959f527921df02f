import { baseSecurityHeaders, pageContentSecurityPolicy } from "@ipnft/gateway/security-headers";
import { type NextRequest, NextResponse } from "next/server";
import { browserConnectOrigins } from "@/lib/deployment.server";

/**
 * Next's proxy (the file Next 16 calls `proxy.ts`, formerly middleware): every page gets a fresh CSP nonce, which Next
 * puts on its inline bootstrap scripts because the request carries the policy, and the page's answer carries the
 * policy and the other security headers. The gateway's routes (/api, robots.txt, .well-known) set their own.
 */
export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  // The wallet in the page talks to each chain's RPC endpoint (and WalletConnect's relay, when on) directly.
  const connect = await browserConnectOrigins();
  const policy = pageContentSecurityPolicy({ nonce, connect, dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  for (const [name, value] of Object.entries(baseSecurityHeaders)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|robots.txt|\\.well-known/).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
