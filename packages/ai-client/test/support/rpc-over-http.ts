import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** An EIP-1193 provider, as the in-process test chain exposes it. */
export interface Provider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/**
 * Serves the in-process test chain's JSON-RPC over HTTP on loopback, so a process the test starts (the MCP server on
 * stdio) reaches the very chain the test set up, as it would reach a node.
 */
export async function rpcOverHttp(provider: Provider): Promise<{ url: string; close(): Promise<void> }> {
  const one = async (call: { id?: unknown; method: string; params?: unknown[] }) => {
    try {
      return {
        jsonrpc: "2.0",
        id: call.id,
        result: await provider.request({ method: call.method, params: call.params }),
      };
    } catch (error) {
      const e = error as { code?: number; message: string; data?: unknown };
      return { jsonrpc: "2.0", id: call.id, error: { code: e.code ?? -32603, message: e.message, data: e.data } };
    }
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const answer = Array.isArray(body) ? await Promise.all(body.map(one)) : await one(body);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(answer, (_k, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
