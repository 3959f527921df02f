import type { Address } from "viem";
import type { Deployment } from "../../apps/web/lib/deployment.js";
import type { Clients, SuperfluidFramework } from "./superfluid.js";

/**
 * Deploys the product's own contracts (IP registry, license terms, licenses, ...) on top of the
 * Superfluid framework and the payment SuperToken. Returns their addresses by contract name.
 */
export async function deployProtocol(
  _clients: Clients,
  _env: { framework: SuperfluidFramework; currency: Deployment["currency"] },
): Promise<Record<string, Address>> {
  return {};
}
