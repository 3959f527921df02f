import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** TDMRep ODRL policy of one work (404 when it offers no AI-training license). */
export const GET = route((g, request, { ipId }) => g.workTdmPolicy(request, ipId));
