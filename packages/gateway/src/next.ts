import { errorResponse } from "./http";
import { methodsOf, routes } from "./routes";
import { withSecurityHeaders } from "./security-headers";
import type { GatewaySource } from "./server";

/** A Next App Router route handler: Next passes its own request, whose URL is the one the client asked for. */
export type NextRouteHandler = (request: Request) => Promise<Response>;

/**
 * The gateway mounted in Next's App Router: one handler per method the route table answers, each handing the request
 * to the gateway, which routes it by its URL through the same table the Node server serves. A route file exports
 * them (`export const { GET, HEAD, POST } = ...`); Next's own path parameters are not needed.
 */
export function mountOnNext(gateway: GatewaySource): Record<"GET" | "HEAD" | "POST", NextRouteHandler> {
  const handle: NextRouteHandler = async (request) => {
    let served: Awaited<ReturnType<GatewaySource>>;
    try {
      served = await gateway();
    } catch (error) {
      const reason = `The gateway could not start: ${(error as Error).message}`;
      return withSecurityHeaders(errorResponse(503, "gateway_unavailable", reason));
    }
    if (served instanceof Response) return withSecurityHeaders(served);
    return served.handle(request);
  };
  return Object.fromEntries(methodsOf(routes).map((method) => [method, handle])) as Record<
    "GET" | "HEAD" | "POST",
    NextRouteHandler
  >;
}
