/**
 * The x402 figure of the gateway bench: one file paid per request with x402 (an unmodified `@x402/fetch` client:
 * 402, sign, retry; the gateway verifies, settles on chain, records, then streams) beside the same file fetched with
 * a licensed EIP-712 signed request, interleaved request by request on one gateway over HTTP on loopback, with the
 * real contracts on an in-process chain mining each settlement at once (automine).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { signRequest } from "@ipnft/ai-client/request-signature";
import { createContentStore } from "@ipnft/gateway/content/store";
import { createGateway } from "@ipnft/gateway/create-gateway";
import { serveOnLoopback } from "@ipnft/gateway/node-server";
import { testUSDCAbi } from "@ipnft/protocol/abis";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { createWalletClient, custom, type Hex, parseEther, toHex, zeroHash } from "viem";
import { generatePrivateKey, nonceManager, privateKeyToAccount } from "viem/accounts";
import type { deployedChain } from "../../test/helpers/chain";
import { buyLicense, fundSuperToken, register, registerTerms, terms } from "../../test/helpers/protocol";

/** The size of the training file the gateway benches serve: 1 MiB. */
export const FILE_BYTES = 1024 * 1024;

/**
 * Uploads a fresh 1 MiB training file (random bytes behind a gzip header) through `gateway`, and returns what
 * registering it takes: its SHA-256 and CID, the CID standing in for the metadata too.
 */
export async function uploadTrainingFile(gateway: { handle(request: Request): Promise<Response> }) {
  const bytes = randomBytes(FILE_BYTES);
  bytes[0] = 0x1f;
  bytes[1] = 0x8b;
  const form = new FormData();
  form.set("file", new File([bytes], "data.gz", { type: "application/gzip" }));
  const answer = await gateway.handle(new Request("http://bench/api/uploads", { method: "POST", body: form }));
  const { sha256, cidBytes } = (await answer.json()) as { sha256: Hex; cidBytes: Hex };
  return { contentHash: sha256, contentCid: cidBytes, metadataCid: cidBytes, metadataHash: zeroHash };
}

const SAMPLES = 40;
const AI_TRAINING_FLAT_FEE = 2n; // preset terms id

export async function paidRequestFigure(chain: Awaited<ReturnType<typeof deployedChain>>): Promise<void> {
  const { publicClient, deployment } = chain;
  const [, artist, aiCompany] = chain.wallets;
  const dataDir = await mkdtemp(path.join(tmpdir(), "gateway-x402-bench-"));

  // Paid in the currency's underlying stablecoin (TestUSDC, EIP-3009), settled with the gateway's own key.
  const usdc = deployment.currency.underlying;
  const settlerAccount = privateKeyToAccount(generatePrivateKey(), { nonceManager });
  await chain.connection.provider.request({
    method: "hardhat_setBalance",
    params: [settlerAccount.address, toHex(parseEther("10"))],
  });
  const settler = createWalletClient({
    account: settlerAccount,
    chain: publicClient.chain,
    transport: custom(chain.connection.provider),
  });
  const gateway = await createGateway({
    deployment,
    client: publicClient as never,
    store: createContentStore(dataDir),
    requireAuthForUpload: false,
    // One client measuring latency, not a flood: limits high enough never to refuse it, still counted per request.
    payPerFile: { settler, limits: { perPayerPerMinute: 100_000, perAddressPerMinute: 100_000 } },
  });

  const perFile = await registerTerms(
    chain,
    artist,
    terms(chain, {
      transferable: false,
      duration: 0,
      upfrontFee: 0n,
      pricePerUnit: parseEther("0.01"),
      maxUnpaidUnits: 5n,
    }),
  );
  const content = await uploadTrainingFile(gateway);
  const { ipId } = await register(chain, artist, { content, royaltyBps: 0, termsIds: [perFile, AI_TRAINING_FLAT_FEE] });
  await fundSuperToken(chain, aiCompany, parseEther("100"));
  await buyLicense(chain, aiCompany, ipId, AI_TRAINING_FLAT_FEE, parseEther("100"));

  const server = await serveOnLoopback((r) => gateway.handle(r));
  const url = `${server.url}/api/works/${ipId}/content?use=training`;
  const payer = privateKeyToAccount(generatePrivateKey());
  const mint = await chain.wallets[0].writeContract({
    address: usdc,
    abi: testUSDCAbi,
    functionName: "mint",
    args: [payer.address, 100_000_000n],
  });
  await publicClient.waitForTransactionReceipt({ hash: mint });
  const paying = wrapFetchWithPayment(
    fetch,
    x402Client.fromConfig({
      schemes: [{ network: `eip155:${deployment.chainId}`, client: new ExactEvmScheme(payer) }],
      spendControls: {
        allowedAssets: [{ network: `eip155:${deployment.chainId}`, asset: usdc, maxAmountPerPayment: "100000" }],
      },
    }),
  );
  const signer = {
    address: aiCompany.account.address,
    signTypedData: (td: never) => aiCompany.signTypedData({ ...(td as object), account: aiCompany.account } as never),
  };
  const signatures: string[] = [];
  for (let i = 0; i < SAMPLES + 5; i++) signatures.push(await signRequest(signer, deployment.chainId, url));

  type Mode = "licensed" | "paid";
  async function once(mode: Mode): Promise<number> {
    const started = performance.now();
    const response =
      mode === "paid" ? await paying(url) : await fetch(url, { headers: { authorization: signatures.pop()! } });
    const body = await response.arrayBuffer();
    const ms = performance.now() - started;
    if (response.status !== 200 || body.byteLength !== FILE_BYTES) {
      throw new Error(`${mode}: status ${response.status}, ${body.byteLength} bytes`);
    }
    return ms;
  }
  for (let i = 0; i < 5; i++) for (const mode of ["licensed", "paid"] as const) await once(mode); // warm up
  const samples: Record<Mode, number[]> = { licensed: [], paid: [] };
  for (let i = 0; i < SAMPLES; i++)
    for (const mode of ["licensed", "paid"] as const) samples[mode].push(await once(mode));

  const at = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
  console.log(
    `\n1 MiB file, ${SAMPLES} sequential requests each, interleaved: a licensed signed request, and a paid x402 ` +
      "request (402, sign, retry; verify, settle on chain and record before the bytes).",
  );
  console.table(
    (["licensed", "paid"] as const).map((m) => ({
      request: m === "paid" ? "x402: paid per file (settled on chain)" : "licensed: EIP-712 signed request",
      "p50 ms": at(samples[m], 0.5).toFixed(2),
      "p99 ms": at(samples[m], 0.99).toFixed(2),
    })),
  );

  await server.close();
  await gateway.close();
  await rm(dataDir, { recursive: true, force: true });
}
