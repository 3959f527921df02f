import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** robots.txt with RSL's License line (a route, not robots.ts, because Next's robots API has no License field). */
export const GET = route((g, request) => g.robots(request));
