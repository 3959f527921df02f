import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The work's certificate and the terms on offer, in JSON and plain words. */
export const GET = route((g, request, { ipId }) => g.terms(request, ipId));
