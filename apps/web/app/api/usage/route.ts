import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The caller's metered usage and the receipts it should sign. */
export const GET = route((g, request) => g.usage(request));
