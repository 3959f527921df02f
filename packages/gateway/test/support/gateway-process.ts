/**
 * One gateway PROCESS as production runs it, for the two-gateway test: configuration from the environment
 * (`readGatewayConfig`: DEPLOYMENTS_DIR, DATA_DIR, DATABASE_URL, GATEWAY_PRIVATE_KEY, GATEWAY_SETTLE_EVERY_MS, ...),
 * the served gateway (`servedGateway`: deployment file, settlement key, metering), on loopback at `PORT` through the
 * same route table Next mounts. It starts the gateway before it listens, then prints one line: `listening <url>`.
 */
import { readGatewayConfig } from "../../src/config";
import { serveOnLoopback } from "../../src/node-server";
import { servedGateway } from "../../src/server";

const source = servedGateway(readGatewayConfig(process.env));
const first = await source();
if (first instanceof Response) throw new Error(`the gateway did not start: ${await first.text()}`);
const server = await serveOnLoopback(async (request) => {
  const gateway = await source();
  return gateway instanceof Response ? gateway : gateway.handle(request);
}, Number(process.env.PORT));
console.log(`listening ${server.url}`);
