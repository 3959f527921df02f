import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Who the session cookie says the caller is. */
export const GET = route((g, request) => g.authSession(request));
