import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The original, to a wallet whose license covers ?use=training|commercial|derivative. */
export const GET = route((g, request, { ipId }) => g.content(request, ipId));
export const HEAD = route((g, request, { ipId }) => g.content(request, ipId));
