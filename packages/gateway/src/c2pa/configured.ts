import { readFile } from "node:fs/promises";
import type { GatewayConfig } from "../config";
import { readIdentity } from "./certificate";
import type { ContentCredentialsOptions } from "./service";

/** The gateway's C2PA identity and trust anchors from the files its configuration names (see `GatewayConfig.c2pa`). */
export async function contentCredentialsOptions(
  config: Pick<GatewayConfig, "c2pa">,
): Promise<ContentCredentialsOptions> {
  const { certPath, keyPath, trustAnchorsPath } = config.c2pa ?? {};
  const identity = certPath && keyPath ? await readIdentity(certPath, keyPath) : undefined;
  if (!identity)
    console.warn("gateway: GATEWAY_C2PA_CERT is not set: licensed files are served without content credentials.");
  return {
    identity,
    trustAnchors: trustAnchorsPath ? await readFile(trustAnchorsPath, "utf8") : undefined,
  };
}
