/**
 * The gateway's cost: licensed downloads of one file through the full gate (request signature or SIWE
 * session, on-chain hasAccess at the latest block, usage record) against the same file served with
 * the gate switched off, both over HTTP on loopback in the same run, against the real contracts on an
 * in-process chain. Target: the gate costs at most 20% at p50.
 *
 * Then a cheap request's latency (a signed-in client reading its usage) quiet, and again while a key with no
 * licenses floods POST /api/usage/receipts with junk receipts (random signatures) from 4 connections, 500 and 64
 * receipts a post. Target: within 2× of quiet.
 *
 * Then a paid x402 request's p50 beside a licensed signed request's (gateway-x402.ts).
 */

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { signRequest } from "@ipnft/ai-client/request-signature";
import { createContentStore } from "@ipnft/gateway/content/store";
import { createGateway } from "@ipnft/gateway/create-gateway";
import { usageMeteringFor } from "@ipnft/gateway/metering/usage-receipts";
import { serveOnLoopback } from "@ipnft/gateway/node-server";
import { parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { deployedChain } from "../../test/helpers/chain";
import { buyLicense, fundSuperToken, register } from "../../test/helpers/protocol";
import { FILE_BYTES, paidRequestFigure, uploadTrainingFile } from "./gateway-x402";

const LATENCY_ROUNDS = 8;
const PER_ROUND = 50;
const THROUGHPUT_REQUESTS = 200;
const CONCURRENCY = 8;
const AI_TRAINING_FLAT_FEE = 2n; // preset terms id

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function run(): Promise<void> {
  const chain = await deployedChain();
  const { publicClient, deployment } = chain;
  const [, artist, aiCompany] = chain.wallets;
  const dataDir = await mkdtemp(path.join(tmpdir(), "gateway-bench-"));
  const store = createContentStore(dataDir);

  // Metered as the product runs it (receipts are accepted; nothing settles on a timer during the bench).
  const metering = usageMeteringFor({ deployment, client: publicClient as never });
  const gated = await createGateway({
    deployment,
    client: publicClient as never,
    store,
    requireAuthForUpload: false,
    metering,
  });
  const open = await createGateway({
    deployment,
    client: publicClient as never,
    store,
    gate: false,
    stateDir: path.join(dataDir, "open"),
  });

  // One licensed work: a 1 MiB training file.
  const content = await uploadTrainingFile(gated);
  const { ipId } = await register(chain, artist, { content, royaltyBps: 0, termsIds: [AI_TRAINING_FLAT_FEE] });
  const fee = parseEther("100");
  await fundSuperToken(chain, aiCompany, fee);
  await buyLicense(chain, aiCompany, ipId, AI_TRAINING_FLAT_FEE, fee);

  const gatedServer = await serveOnLoopback((r) => gated.handle(r));
  const openServer = await serveOnLoopback((r) => open.handle(r));
  const gatedUrl = `${gatedServer.url}/api/works/${ipId}/content?use=training`;
  const openUrl = `${openServer.url}/api/works/${ipId}/content?use=training`;
  const signer = {
    address: aiCompany.account.address,
    signTypedData: (td: never) => aiCompany.signTypedData({ ...(td as object), account: aiCompany.account } as never),
  };

  // A browser session for the SIWE path.
  const { nonce } = (await (await fetch(`${gatedServer.url}/api/auth/nonce`)).json()) as { nonce: string };
  const message = createSiweMessage({
    address: aiCompany.account.address,
    chainId: deployment.chainId,
    domain: new URL(gatedServer.url).host,
    nonce,
    uri: gatedServer.url,
    version: "1",
  });
  const signIn = await fetch(`${gatedServer.url}/api/auth/siwe`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message, signature: await aiCompany.signMessage({ account: aiCompany.account, message }) }),
  });
  const cookie = signIn.headers.get("set-cookie")!.split(";")[0];

  // Request signatures are made before the clock starts: the client's signing is not the gate's cost.
  const signatures: string[] = [];
  for (let i = 0; i < LATENCY_ROUNDS * PER_ROUND + THROUGHPUT_REQUESTS + 40; i++)
    signatures.push(await signRequest(signer, deployment.chainId, gatedUrl));

  type Mode = "open" | "signed" | "session";
  const headersFor = (mode: Mode): Record<string, string> =>
    mode === "open" ? {} : mode === "signed" ? { authorization: signatures.pop()! } : { cookie };
  const urlFor = (mode: Mode) => (mode === "open" ? openUrl : gatedUrl);

  async function once(mode: Mode): Promise<number> {
    const started = performance.now();
    const response = await fetch(urlFor(mode), { headers: headersFor(mode) });
    const body = await response.arrayBuffer();
    const ms = performance.now() - started;
    if (response.status !== 200 || body.byteLength !== FILE_BYTES)
      throw new Error(`${mode}: status ${response.status}, ${body.byteLength} bytes`);
    return ms;
  }

  const modes: Mode[] = ["open", "signed", "session"];
  for (const mode of modes) for (let i = 0; i < 10; i++) await once(mode); // warm up
  const samples: Record<Mode, number[]> = { open: [], signed: [], session: [] };
  // Round-robin request by request, so drift in the machine's load falls on every mode alike.
  for (let i = 0; i < LATENCY_ROUNDS * PER_ROUND; i++) for (const mode of modes) samples[mode].push(await once(mode));

  async function throughput(mode: Mode): Promise<{ mbps: number; rps: number }> {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < THROUGHPUT_REQUESTS / 2) {
          next++;
          await once(mode);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const n = THROUGHPUT_REQUESTS / 2;
    return { mbps: (n * FILE_BYTES) / 1024 / 1024 / seconds, rps: n / seconds };
  }
  const tput: Record<Mode, { mbps: number; rps: number }> = {
    open: await throughput("open"),
    signed: await throughput("signed"),
    session: await throughput("session"),
  };

  const p50 = (m: Mode) =>
    percentile(
      [...samples[m]].sort((a, b) => a - b),
      50,
    );
  const p99 = (m: Mode) =>
    percentile(
      [...samples[m]].sort((a, b) => a - b),
      99,
    );
  const label: Record<Mode, string> = {
    open: "gate off (same file, same server)",
    signed: "gated: EIP-712 signed request",
    session: "gated: SIWE session cookie",
  };
  console.log(
    `1 MiB licensed file over HTTP on loopback; ${LATENCY_ROUNDS * PER_ROUND} sequential requests per mode for latency, ${THROUGHPUT_REQUESTS / 2} at concurrency ${CONCURRENCY} for throughput; chain in-process.`,
  );
  console.table(
    modes.map((m) => ({
      mode: label[m],
      "p50 ms": p50(m).toFixed(2),
      "p99 ms": p99(m).toFixed(2),
      "MiB/s": tput[m].mbps.toFixed(0),
      "req/s": tput[m].rps.toFixed(0),
      "gate cost at p50": m === "open" ? "-" : `${(((p50(m) - p50("open")) / p50("open")) * 100).toFixed(1)}%`,
    })),
  );
  console.log("Target: the gate costs at most 20% at p50.");

  await receiptFlood({ url: gatedServer.url, cookie, chainId: deployment.chainId });
  await paidRequestFigure(chain);

  await gatedServer.close();
  await openServer.close();
  await gated.close();
  await open.close();
  await rm(dataDir, { recursive: true, force: true });
}

const FLOODERS = 4;
const FLOOD_POSTS = 240;
const CHEAP_SAMPLES = 40;

/** A cheap request's latency quiet and under a flood of junk receipts from a key that holds no license. */
async function receiptFlood({ url, cookie, chainId }: { url: string; cookie: string; chainId: number }) {
  const cheap = async () => {
    const started = performance.now();
    const response = await fetch(`${url}/api/usage`, { headers: { cookie } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`cheap request: status ${response.status}`);
    return performance.now() - started;
  };
  const junk = (n: number) =>
    JSON.stringify({
      receipts: Array.from({ length: n }, (_, i) => ({
        licenseId: String(i + 1),
        cumulativeUnits: "7",
        signature: `0x${randomBytes(65).toString("hex")}`,
      })),
    });
  const bodies = [junk(500), junk(64)];
  const attacker = privateKeyToAccount(generatePrivateKey());
  const attackerSigner = { address: attacker.address, signTypedData: (td: never) => attacker.signTypedData(td) };
  const receiptsUrl = `${url}/api/usage/receipts`;
  // Signed before the clock starts: the attacker's signing is not the gateway's cost.
  const headers: string[] = [];
  for (let i = 0; i < FLOOD_POSTS; i++) headers.push(await signRequest(attackerSigner, chainId, receiptsUrl, "POST"));

  for (let i = 0; i < 10; i++) await cheap(); // warm up
  const quiet: number[] = [];
  for (let i = 0; i < CHEAP_SAMPLES; i++) quiet.push(await cheap());

  let flooding = true;
  const statuses = new Map<number, number>();
  const flood = Array.from({ length: FLOODERS }, async (_, f) => {
    for (let i = f; flooding && i < headers.length; i += FLOODERS) {
      const response = await fetch(receiptsUrl, {
        method: "POST",
        headers: { authorization: headers[i], "content-type": "application/json" },
        body: bodies[i % 2],
      });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 50)); // the flood is under way
  const loaded: number[] = [];
  for (let i = 0; i < CHEAP_SAMPLES; i++) loaded.push(await cheap());
  flooding = false;
  await Promise.all(flood);

  const p = (xs: number[], q: number) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      q,
    );
  console.log(
    `\nA cheap request (GET /api/usage, signed in) ${CHEAP_SAMPLES} times quiet, then while ${FLOODERS} connections post junk receipts (500 and 64 a post, random signatures) from a key with no licenses; the flood's answers: ${[...statuses].map(([s, n]) => `${n}× ${s}`).join(", ")}.`,
  );
  console.table([
    {
      while: "quiet",
      "p50 ms": p(quiet, 50).toFixed(2),
      "p99 ms": p(quiet, 99).toFixed(2),
      "max ms": p(quiet, 100).toFixed(2),
    },
    {
      while: "receipt flood",
      "p50 ms": p(loaded, 50).toFixed(2),
      "p99 ms": p(loaded, 99).toFixed(2),
      "max ms": p(loaded, 100).toFixed(2),
    },
  ]);
  const ratio = p(loaded, 50) / p(quiet, 50);
  console.log(`Goal: within 2× of quiet at p50. Measured: ${ratio.toFixed(2)}× (${ratio <= 2 ? "met" : "NOT met"}).`);
}
