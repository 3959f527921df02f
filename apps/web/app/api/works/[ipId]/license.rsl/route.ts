import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** RSL 1.0 license document of one work. */
export const GET = route((g, request, { ipId }) => g.workRsl(request, ipId));
