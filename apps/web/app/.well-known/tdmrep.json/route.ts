import { gatewayRoutes } from "@/lib/gateway/mount";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** W3C TDMRep: mining reserved on every work, with each work's policy; from the gateway's route table. */
export const { GET, HEAD } = gatewayRoutes;
