import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** W3C TDMRep: mining reserved on every work, with each work's policy. */
export const GET = route((g, request) => g.tdmrep(request));
