import type { GatewayContext } from "./context";
import { datasetManifest, datasetMemberContent } from "./datasets/handlers";
import { currentSession, issueNonce, signIn, signOut } from "./handlers/auth";
import { catalogRsl, metadata, preview, robots, tdmrep, workRsl, workTdmPolicy, workTerms } from "./handlers/catalog";
import { workCredentials } from "./handlers/credentials";
import { content } from "./handlers/download";
import { legalDocument, uploadLegalDocument } from "./handlers/legal";
import { licenses, submitReceipts, usage } from "./handlers/licensee";
import { similar } from "./handlers/similar";
import { storeMetadata, upload } from "./handlers/uploads";
import { errorResponse, internalError } from "./http";
import { withSecurityHeaders } from "./security-headers";
import { paidFiles } from "./x402/paid-files";

/**
 * The gateway's one route table. The Node server (`node-server.ts`) and the Next adapter (`next.ts`) both serve
 * exactly this table through `dispatch`, so tests, benchmarks and the app answer every URL with the same code.
 */
export type Params = Record<string, string>;
export type Handler = (ctx: GatewayContext, request: Request, params: Params) => Promise<Response>;
/** GET routes answer HEAD too, without a body. */
export type Method = "GET" | "POST";

export interface Route {
  method: Method;
  /** Literal segments and `:name` parameters, e.g. `/api/works/:ipId/content`. */
  pattern: string;
  handler: Handler;
}

export const routes: readonly Route[] = [
  // uploads
  { method: "POST", pattern: "/api/uploads", handler: upload },
  { method: "POST", pattern: "/api/metadata", handler: storeMetadata },
  { method: "POST", pattern: "/api/legal", handler: uploadLegalDocument },
  // the public catalog and machine-readable licenses
  { method: "GET", pattern: "/api/metadata/:cid", handler: metadata },
  { method: "GET", pattern: "/api/previews/:cid", handler: preview },
  { method: "GET", pattern: "/api/works/:ipId/terms", handler: workTerms },
  { method: "GET", pattern: "/api/works/:ipId/license.rsl", handler: workRsl },
  { method: "GET", pattern: "/api/works/:ipId/tdm-policy.json", handler: workTdmPolicy },
  { method: "GET", pattern: "/api/license.rsl", handler: catalogRsl },
  { method: "GET", pattern: "/.well-known/tdmrep.json", handler: tdmrep },
  { method: "GET", pattern: "/robots.txt", handler: robots },
  { method: "GET", pattern: "/api/legal/:cid", handler: legalDocument },
  { method: "POST", pattern: "/api/similar", handler: similar },
  { method: "GET", pattern: "/api/works/:ipId/credentials", handler: workCredentials },
  // the gated, metered download
  { method: "GET", pattern: "/api/works/:ipId/content", handler: content },
  { method: "GET", pattern: "/api/datasets/:ipId/manifest", handler: datasetManifest },
  { method: "GET", pattern: "/api/datasets/:ipId/members/:memberId/content", handler: datasetMemberContent },
  // sign-in
  { method: "GET", pattern: "/api/auth/nonce", handler: issueNonce },
  { method: "POST", pattern: "/api/auth/siwe", handler: signIn },
  { method: "POST", pattern: "/api/auth/logout", handler: signOut },
  { method: "GET", pattern: "/api/auth/session", handler: currentSession },
  // the licensee's views
  { method: "GET", pattern: "/api/licenses", handler: licenses },
  { method: "GET", pattern: "/api/usage", handler: usage },
  { method: "POST", pattern: "/api/usage/receipts", handler: submitReceipts },
  { method: "GET", pattern: "/api/x402/paid-files", handler: paidFiles },
];

/** The HTTP methods a table answers: its own, and HEAD wherever it answers GET. */
export function methodsOf(table: readonly Route[]): string[] {
  const methods = new Set(table.flatMap((r) => (r.method === "GET" ? ["GET", "HEAD"] : [r.method])));
  return [...methods];
}

const segments = (pathname: string) => pathname.split("/").filter(Boolean).map(decodeSegment);

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function matchPattern(pattern: string, path: string[]): Params | undefined {
  const parts = pattern.split("/").filter(Boolean);
  if (parts.length !== path.length) return undefined;
  const params: Params = {};
  for (const [i, part] of parts.entries()) {
    if (part.startsWith(":")) params[part.slice(1)] = path[i];
    else if (part !== path[i]) return undefined;
  }
  return params;
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Params }
  | { kind: "wrong_method"; allow: string[] }
  | { kind: "none" };

/** Which route answers a method and path (segments decoded, empty ones ignored). */
export function matchRoute(table: readonly Route[], method: string, pathname: string): RouteMatch {
  const path = segments(pathname);
  const asked = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
  const onPath = table.flatMap((route) => {
    const params = matchPattern(route.pattern, path);
    return params ? [{ route, params }] : [];
  });
  const found = onPath.find((m) => m.route.method === asked);
  if (found) return { kind: "found", ...found };
  if (onPath.length > 0) return { kind: "wrong_method", allow: methodsOf(onPath.map((m) => m.route)) };
  return { kind: "none" };
}

/**
 * Answers any request from the table: 404 for a path it does not serve, 405 (with Allow) for a method it does not
 * serve there, and a JSON 500/503 instead of a throw, so no handler error ever escapes as a bare crash. Every answer
 * carries the security headers (no framing, no sniffing, a CSP that runs nothing).
 */
export function dispatch(table: readonly Route[], ctx: GatewayContext): (request: Request) => Promise<Response> {
  return async (request) => withSecurityHeaders(await answer(request));
  async function answer(request: Request): Promise<Response> {
    try {
      const match = matchRoute(table, request.method, new URL(request.url).pathname);
      if (match.kind === "none") return errorResponse(404, "not_found", "No such route.");
      if (match.kind === "wrong_method") {
        const reason = `This route answers ${match.allow.join(", ")}.`;
        return errorResponse(405, "method_not_allowed", reason, {}, { allow: match.allow.join(", ") });
      }
      return await match.route.handler(ctx, request, match.params);
    } catch (error) {
      return internalError(error);
    }
  }
}
