import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A single-use SIWE nonce. */
export const GET = route((g, request) => g.authNonce(request));
