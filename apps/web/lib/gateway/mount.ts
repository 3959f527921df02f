import "server-only";
import { mountOnNext } from "@ipnft/gateway/next";
import { servedGateway } from "@ipnft/gateway/server";
import { serverConfig } from "@/lib/deployment.server";

/**
 * The gateway mounted in the app: one instance per server process (built on first use, rebuilt when the deployment
 * file changes), answering through its route table. The catch-all API route, robots.txt and
 * /.well-known/tdmrep.json export these handlers; the table decides which handler a URL reaches.
 */
export const gatewayRoutes = mountOnNext(servedGateway(serverConfig));
