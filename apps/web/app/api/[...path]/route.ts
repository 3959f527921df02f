import { gatewayRoutes } from "@/lib/gateway/mount";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Every gateway URL under /api (uploads, catalog, downloads, sign-in, licensee views): see @ipnft/gateway/routes. */
export const { GET, HEAD, POST } = gatewayRoutes;
