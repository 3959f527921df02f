import { createGatewayContext, type GatewayContext, type GatewayOptions } from "./context";
import type { Metering } from "./metering/metering";
import { dispatch, type Route, routes } from "./routes";

export type { GatewayOptions };

/**
 * A gateway: its context, built once, and `handle`, which answers any web `Request` from the route table. It is
 * framework-free: the Node server, the Next adapter, the tests and the benchmark all call `handle`.
 */
export interface Gateway {
  handle(request: Request): Promise<Response>;
  readonly context: GatewayContext;
  /** The usage meter, when the deployment has one: tests and operators settle through it. */
  readonly metering: Metering | undefined;
  /** Waits for usage records still being written, then stops settling and closes the database. */
  close(): Promise<void>;
}

export async function createGateway(options: GatewayOptions, table: readonly Route[] = routes): Promise<Gateway> {
  const context = await createGatewayContext(options);
  return {
    handle: dispatch(table, context),
    context,
    metering: context.metering,
    async close() {
      await Promise.all(context.pendingRecords);
      await context.metering?.close();
      await context.similarity.close();
      await context.database.close();
    },
  };
}
