import type { Address, Hex } from "viem";
import type { NonceAnswer, SessionAnswer, SignedOutAnswer } from "../api";
import { REQUEST_SIGNATURE_SCHEME } from "../auth/request-signature";
import type { Session } from "../auth/siwe";
import type { GatewayContext } from "../context";
import { errorResponse, isSecure, jsonResponse, limitedBody } from "../http";

/**
 * Who is asking: a headless client proves it per request (EIP-712 signature of the request), a browser
 * once per session (SIWE cookie). A request that carries a signature is judged by it alone, so a bad
 * signature is never rescued by a cookie.
 */
export type Identity =
  | { ok: true; account: Address; via: "signature" | "session"; session?: Session }
  | { ok: false; response: Response };

export async function authenticate(
  request: Request,
  ctx: Pick<GatewayContext, "signatures" | "siwe">,
): Promise<Identity> {
  const header = request.headers.get("authorization");
  if (header?.trim().startsWith(REQUEST_SIGNATURE_SCHEME)) {
    const verdict = await ctx.signatures.verify(request, header);
    if (!verdict.ok) return { ok: false, response: errorResponse(401, verdict.error, verdict.reason) };
    return { ok: true, account: verdict.account, via: "signature" };
  }
  if (header) {
    return {
      ok: false,
      response: errorResponse(
        401,
        "unsupported_authorization",
        `Authorization must use the ${REQUEST_SIGNATURE_SCHEME} scheme, or sign in with Ethereum.`,
      ),
    };
  }
  const session = await ctx.siwe.session(request);
  if (session) return { ok: true, account: session.account, via: "session", session };
  return {
    ok: false,
    response: errorResponse(
      401,
      "authentication_required",
      "Say who you are: sign in with Ethereum (POST /api/auth/siwe) or sign this request (Authorization: EIP712 ...).",
    ),
  };
}

/** GET /api/auth/nonce: a single-use SIWE nonce. */
export async function issueNonce(ctx: GatewayContext): Promise<Response> {
  const body: NonceAnswer = { nonce: await ctx.siwe.issueNonce(), chainId: ctx.deployment.chainId };
  return jsonResponse(200, body);
}

/** POST /api/auth/siwe `{ message, signature }`: Sign-In with Ethereum; answers with a session cookie. */
export async function signIn(ctx: GatewayContext, request: Request): Promise<Response> {
  let body: { message?: unknown; signature?: unknown };
  try {
    body = (await limitedBody(request, 16 * 1024).request.json()) as typeof body;
  } catch {
    return errorResponse(400, "malformed_siwe", "Send JSON { message, signature }.");
  }
  const { message, signature } = body;
  if (typeof message !== "string" || typeof signature !== "string" || !/^0x[0-9a-fA-F]+$/.test(signature)) {
    return errorResponse(400, "malformed_siwe", "Send JSON { message, signature }.");
  }
  const verdict = await ctx.siwe.signIn({
    message,
    signature: signature as Hex,
    host: ctx.publicOriginOf(request)?.host ?? new URL(request.url).host,
    secure: isSecure(request),
  });
  if (!verdict.ok) return errorResponse(verdict.error === "malformed_siwe" ? 400 : 401, verdict.error, verdict.reason);
  const answer: SessionAnswer = { account: verdict.session.account, expiresAt: verdict.session.expiresAt };
  return jsonResponse(200, answer, { "set-cookie": verdict.cookie });
}

/** POST /api/auth/logout: ends the SIWE session. */
export async function signOut(ctx: GatewayContext, request: Request): Promise<Response> {
  const session = await ctx.siwe.session(request);
  if (session) await ctx.siwe.signOut(session);
  const body: SignedOutAnswer = { signedOut: true };
  return jsonResponse(200, body, { "set-cookie": ctx.siwe.clearCookie(isSecure(request)) });
}

/** GET /api/auth/session: who the session cookie says the caller is. */
export async function currentSession(ctx: GatewayContext, request: Request): Promise<Response> {
  const session = await ctx.siwe.session(request);
  if (!session) return errorResponse(401, "authentication_required", "Not signed in.");
  const body: SessionAnswer = { account: session.account, expiresAt: session.expiresAt };
  return jsonResponse(200, body);
}
