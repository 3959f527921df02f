import type { Address } from "viem";
import { errorResponse } from "./errors";
import { REQUEST_SIGNATURE_SCHEME, type RequestSignatureVerifier } from "./auth/request-signature";
import type { Session, SiweAuth } from "./auth/siwe";

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
  auth: { signatures: RequestSignatureVerifier; siwe: SiweAuth },
): Promise<Identity> {
  const header = request.headers.get("authorization");
  if (header?.trim().startsWith(REQUEST_SIGNATURE_SCHEME)) {
    const verdict = await auth.signatures.verify(request, header);
    if (!verdict.ok) return { ok: false, response: errorResponse(401, verdict.error, verdict.reason) };
    return { ok: true, account: verdict.account, via: "signature" };
  }
  if (header) {
    return {
      ok: false,
      response: errorResponse(401, "unsupported_authorization", `Authorization must use the ${REQUEST_SIGNATURE_SCHEME} scheme, or sign in with Ethereum.`),
    };
  }
  const session = auth.siwe.session(request);
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
