import { db, publicClients } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { client } from "ponder";

/**
 * The indexer's HTTP API: `/sql/*` for `@ponder/client` (the app's server components query the schema with it), and
 * `/progress` for "catching up: block N of M". Ponder itself serves `/health`, `/ready` and `/status`.
 */
const app = new Hono();
app.use("/sql/*", client({ db, schema }));

/** `{ ready, indexedBlock, headBlock }`: the last block indexed (Ponder's /status) and the chain's head. */
app.get("/progress", async (c) => {
  const origin = new URL(c.req.url).origin;
  const [status, ready, head] = await Promise.all([
    fetch(`${origin}/status`)
      .then((r) => r.json() as Promise<Record<string, { block?: { number: number } }>>)
      .catch(() => ({})),
    fetch(`${origin}/ready`)
      .then((r) => r.ok)
      .catch(() => false),
    publicClients.local.getBlockNumber().catch(() => null),
  ]);
  const indexed = Object.values(status)[0]?.block?.number ?? null;
  return c.json({ ready, indexedBlock: indexed, headBlock: head === null ? null : Number(head) });
});

export default app;
