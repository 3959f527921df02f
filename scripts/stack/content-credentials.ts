import path from "node:path";
import { developmentFiles, developmentIdentity } from "@ipnft/gateway/c2pa/certificate";

/**
 * The gateway's development C2PA identity for a local stack: a CA and an ES256 leaf made once in
 * `<dataDir>/gateway/c2pa` (kept across runs), and the environment that points the gateway at them. Licensed files the
 * stack serves validate with that CA as the trust anchor (`dev-ca.pem` there).
 */
export async function devContentCredentialsEnv(dataDir: string): Promise<NodeJS.ProcessEnv> {
  const dir = path.join(dataDir, "gateway", "c2pa");
  await developmentIdentity(dir);
  const files = developmentFiles(dir);
  return { GATEWAY_C2PA_CERT: files.cert, GATEWAY_C2PA_KEY: files.key, GATEWAY_C2PA_TRUST_ANCHORS: files.anchor };
}
