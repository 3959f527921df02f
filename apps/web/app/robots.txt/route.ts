import { gatewayRoutes } from "@/lib/gateway/mount";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** robots.txt with RSL's License line, from the gateway's route table (Next's robots API has no License field). */
export const { GET, HEAD } = gatewayRoutes;
