import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Public metadata JSON by CID. */
export const GET = route((g, request, { cid }) => g.metadata(request, cid));
