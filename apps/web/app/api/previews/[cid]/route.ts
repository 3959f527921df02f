import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Public low-resolution preview by CID (never an original). */
export const GET = route((g, request, { cid }) => g.preview(request, cid));
