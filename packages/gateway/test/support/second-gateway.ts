/**
 * A second gateway PROCESS over the same database: started by a test with the deployment, a content dir, the
 * database URL and one request (URL and Authorization header) as JSON in argv; prints the answer's status and body.
 * Its chain client points nowhere: the requests it is given are decided before any chain read (who is asking).
 */
import { createPublicClient, http, type PublicClient } from "viem";
import { createContentStore } from "../../src/content/store";
import { createGateway } from "../../src/create-gateway";

const input = JSON.parse(process.argv[2]) as {
  deployment: Parameters<typeof createGateway>[0]["deployment"];
  dataDir: string;
  databaseUrl: string;
  url: string;
  authorization: string;
};
const gateway = await createGateway({
  deployment: input.deployment,
  client: createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0 }) }) as PublicClient,
  store: createContentStore(input.dataDir),
  database: { url: input.databaseUrl },
});
const response = await gateway.handle(new Request(input.url, { headers: { authorization: input.authorization } }));
process.stdout.write(JSON.stringify({ status: response.status, body: await response.json() }));
await gateway.close();
