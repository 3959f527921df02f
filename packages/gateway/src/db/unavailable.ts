import { BaseError } from "viem";

/** pg error codes and Node socket errors that mean "the server is not there", not "the query was wrong". */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Cannot use a pool after calling end|Client was closed/i;

/**
 * Whether an error means the database cannot be reached (the gateway answers 503 `database_unavailable`): a pg or
 * socket error somewhere in its cause chain. An error from viem (the chain) never counts, even when its cause is a
 * refused connection too.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let found = false;
  for (let e = error as { cause?: unknown; code?: unknown; message?: unknown; name?: unknown } | undefined; e; ) {
    if (seen.has(e)) break;
    seen.add(e);
    if (e instanceof BaseError) return false;
    if (typeof e.code === "string" && UNAVAILABLE_CODES.has(e.code)) found = true;
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGES.test(e.message)) found = true;
    e = e.cause as typeof e;
  }
  return found;
}
