import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { client } from "ponder";

/**
 * The indexer's HTTP API: `/sql/*` for `@ponder/client` (the app's server components query the schema with it).
 * Ponder itself serves `/health`, `/ready` and `/status` (the last indexed block, for "catching up").
 */
const app = new Hono();
app.use("/sql/*", client({ db, schema }));

export default app;
