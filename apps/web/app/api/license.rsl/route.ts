import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** RSL 1.0 license document of the whole catalog: where robots.txt's License line points. */
export const GET = route((g, request) => g.siteRsl(request));
