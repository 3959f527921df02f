import "server-only";
import type { OnWire, WorkCredentialsAnswer } from "@ipnft/gateway/api";
import { gatewayRoutes } from "@/lib/gateway/mount";

/** The work page's content credentials, as read for the page: the gateway's answer, or why there is none. */
export type CredentialsRead = { answer: OnWire<WorkCredentialsAnswer> } | { problem: string };

/**
 * Asks the gateway mounted in this server for a work's content credentials (`GET /api/works/:ipId/credentials`), in
 * process, so the work page renders them with the rest of the page instead of fetching them after hydration.
 */
export async function readWorkCredentials(ipId: bigint): Promise<CredentialsRead> {
  try {
    const response = await gatewayRoutes.GET(new Request(`http://gateway.internal/api/works/${ipId}/credentials`));
    const body = (await response.json()) as OnWire<WorkCredentialsAnswer> | { reason?: string };
    if (response.ok) return { answer: body as OnWire<WorkCredentialsAnswer> };
    return { problem: ("reason" in body && body.reason) || `the gateway answered ${response.status}` };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}
