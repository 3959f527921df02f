import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Ends the SIWE session. */
export const POST = route((g, request) => g.authSignOut(request));
