import path from "node:path";
import type { NonceAnswer, OnWire, ReceiptsAnswer, UsageReceiptRequired } from "@ipnft/gateway/api";
import { loadDeployment } from "@ipnft/protocol/deployment-file";
import { privateKeyToAccount } from "viem/accounts";
import { type Invocation, type Io, readCommandLine } from "./cli";
import { DatasetRefused, pullDataset } from "./dataset-pull";
import { type Signer, signRequest } from "./request-signature";
import { decideReceipt, type TrustedMeter, trustDeployment } from "./trust";
import { openUsageBook } from "./usage-book";

export const datasetUsage = `Usage: ipnft-ai-client dataset IP_ID --gateway URL --out DIR [options]

Pulls a whole dataset the key holds a license of: the gateway's manifest of its member files, each downloaded under
the dataset license and kept only if its bytes match the SHA-256 and CID registered for that member; files already in
DIR that verify are not downloaded again (a run resumes). Writes DIR/dataset-manifest.json. Takes the options of
ipnft-ai-client (--gateway, --out, --use, --key, --deployment, --chain-id, --usage-meter, --usage-book).

Exit codes: 0 every member file verified; 1 a file failed or the dataset was refused; 2 bad arguments.`;

/** `ipnft-ai-client dataset IP_ID ...`: returns the exit code. */
export async function datasetCommand(argv: string[], env: Record<string, string | undefined>, io: Io): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(datasetUsage);
    return 0;
  }
  const [id, ...rest] = argv;
  if (!id || !/^[1-9][0-9]{0,18}$/.test(id)) {
    io.err("ipnft-ai-client dataset: give the dataset's IP id first, a positive whole number.");
    return 2;
  }
  let invocation: Invocation | "help";
  try {
    invocation = await readCommandLine(rest, env);
  } catch (error) {
    io.err(`ipnft-ai-client dataset: ${(error as Error).message}`);
    return 2;
  }
  if (invocation === "help") {
    io.out(datasetUsage);
    return 0;
  }
  const account = privateKeyToAccount(invocation.key);
  const signer: Signer = { address: account.address, signTypedData: (t) => account.signTypedData(t) };
  try {
    const manifest = await pullDatasetWithKey(BigInt(id), invocation, signer, io.out);
    for (const f of manifest.files)
      io.out(`  ${f.cid}  IP ${f.ipId}  weight ${f.weight}  ${f.size} bytes  ${f.status}`);
    return manifest.failures.length > 0 ? 1 : 0;
  } catch (error) {
    const refused = error instanceof DatasetRefused ? `refused (${error.code}): ` : "";
    io.err(`ipnft-ai-client dataset: ${refused}${(error as Error).message}`);
    return 1;
  }
}

/**
 * The CLI's pull: signed requests with the key, usage counted in the client's book and receipts signed only for the
 * trusted meter and only for what the book counted (trust.ts), as `runClient` does for single works.
 */
export async function pullDatasetWithKey(
  datasetIpId: bigint,
  o: Pick<Invocation, "gateway" | "outDir" | "use" | "trust" | "usageBook">,
  signer: Signer,
  log: (line: string) => void,
) {
  const base = o.gateway.replace(/\/$/, "");
  const { chainId } = (await (await fetch(`${base}/api/auth/nonce`)).json()) as NonceAnswer;
  const signedFetch = async (url: string, init: { method?: string; body?: string } = {}) => {
    const method = init.method ?? "GET";
    const headers: Record<string, string> = { authorization: await signRequest(signer, chainId, url, method) };
    if (init.body) headers["content-type"] = "application/json";
    return fetch(url, { method, body: init.body, headers });
  };
  const trust = o.trust ?? (await deploymentTrust(chainId));
  if (trust.chainId !== chainId) {
    throw new Error(`The gateway serves chain ${chainId}, but this client trusts chain ${trust.chainId}.`);
  }
  const book = await openUsageBook(o.usageBook ?? path.join(o.outDir, "usage-book.json"), {
    chainId,
    usageMeter: trust.usageMeter,
    account: signer.address,
  });
  const receipt = async (asked: OnWire<UsageReceiptRequired>) => {
    const held = new Set([BigInt(asked.licenseId)]);
    const request = { licenseId: asked.licenseId, cumulativeUnits: asked.cumulativeUnits, typedData: asked.receipt };
    const decision = decideReceipt(request, { trust, licensee: signer.address, held, accounted: book.units });
    if (!decision.sign) {
      log(`  REFUSED to sign: ${decision.reason}`);
      return false;
    }
    const signature = await signer.signTypedData(decision.typedData);
    const receipts = [{ licenseId: String(decision.licenseId), cumulativeUnits: String(decision.cumulativeUnits) }];
    const response = await signedFetch(`${base}/api/usage/receipts`, {
      method: "POST",
      body: JSON.stringify({ receipts: [{ ...receipts[0], signature }] }),
    });
    const { results = [] } = (await response.json().catch(() => ({}))) as Partial<ReceiptsAnswer>;
    if (!results[0]?.accepted) return false;
    await book.markSigned(decision.licenseId, decision.cumulativeUnits);
    return true;
  };
  return pullDataset({
    gateway: base,
    datasetIpId,
    use: o.use,
    outDir: o.outDir,
    signedFetch,
    served: (licenseId) => book.count(licenseId),
    receipt,
    log,
  });
}

async function deploymentTrust(chainId: number): Promise<TrustedMeter> {
  const lookup = await loadDeployment(chainId);
  if ("deployment" in lookup) return trustDeployment(lookup.deployment, `deployments/${chainId}.json`);
  throw new Error(`${lookup.problem} Give --deployment FILE, or --chain-id with --usage-meter.`);
}
