/**
 * x402 on the paid path, beyond one whole file: `Range` (206 after one settlement), how a payer resumes a file it
 * paid for (the X-Paid-File-Token of the paid answer; the payment itself is a replay after it settled), and the rate
 * limits on paid requests per network address and per payer, kept in the database so a restart does not reset them.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { signRequest } from "@ipnft/ai-client/request-signature";
import { decodePaymentRequiredHeader, decodePaymentResponseHeader } from "@x402/core/http";
import type { PaymentRequired } from "@x402/core/types";
import { type Address, erc20Abi, getAddress } from "viem";
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import type { PaidFilesAnswer, UploadAnswer } from "../src/api";
import { createGateway } from "../src/create-gateway";
import { gatewayOnChain, json, ORIGIN, Preset } from "./setup";
import { signPayment, x402OnChain } from "./support/x402";

const PRICE = 50_000n; // the pay-per-file preset's 0.05, in the 6-decimal stablecoin
const LIMITS = { perPayerPerMinute: 2, perAddressPerMinute: 3 };
const MAX_RESUMES = 3;
const gzipLike = (size: number) => {
  const bytes = randomBytes(size);
  bytes[0] = 0x1f;
  bytes[1] = 0x8b;
  return bytes;
};
const sha256 = (bytes: Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}`;

/** Limits count per minute: a sequence that must stay in one minute starts with at least 20 s of it left. */
async function awayFromMinuteEdge() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

describe("x402: ranges, resuming a paid file, and rate limits on paid requests", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  let chain: Awaited<ReturnType<typeof x402OnChain>>;
  let file: UploadAnswer;
  let bytes: Buffer;
  let ipA: bigint;
  let ipB: bigint;
  let addressNo = 0;
  const url = (ipId: bigint) => `${ORIGIN}/api/works/${ipId}/content?use=training`;
  const balanceOf = (who: Address) =>
    t.chain.publicClient.readContract({ address: chain.usdc, abi: erc20Abi, functionName: "balanceOf", args: [who] });
  async function payer(): Promise<PrivateKeyAccount> {
    const account = privateKeyToAccount(generatePrivateKey());
    await chain.mint(account.address, 1_000_000n);
    return account;
  }
  /** A request as it reaches the gateway through a proxy, from `from` (a fresh address unless told). */
  const get = (ipId: bigint, headers: Record<string, string>, from = `198.51.100.${++addressNo}`) =>
    t.gateway.handle(new Request(url(ipId), { headers: { ...headers, "x-forwarded-for": from } }));
  async function asked(ipId: bigint): Promise<PaymentRequired> {
    const response = await get(ipId, {});
    assert.equal(response.status, 402);
    return decodePaymentRequiredHeader(response.headers.get("payment-required")!);
  }
  const refused = async (response: Response, reason: RegExp) => {
    assert.equal(response.status, 402);
    const body = await response.json();
    assert.equal(body.error, "payment_refused");
    assert.match(body.reason, reason);
  };

  before(async () => {
    t = await gatewayOnChain();
    chain = await x402OnChain(t);
    const { settler } = chain;
    await t.swapGateway((config) =>
      createGateway({ ...config, payPerFile: { settler, limits: LIMITS, maxResumes: MAX_RESUMES } }),
    );
    bytes = gzipLike(40_000);
    file = await json<UploadAnswer>(await t.upload(t.artist, bytes, "application/gzip"));
    ipA = await t.register(t.artist, file, [Preset.AiTrainingPayPerFile]);
    const other = await json<UploadAnswer>(await t.upload(t.artist, gzipLike(3_000), "application/gzip"));
    ipB = await t.register(t.artist, other, [Preset.AiTrainingPayPerFile]);
  });
  after(() => t.gateway.close());

  it("serves a paid Range with 206 after one settlement; the payment again is a replay; its token fetches the rest", async () => {
    const account = await payer();
    const payment = await signPayment(account, await asked(ipA));
    const first = await get(ipA, { "payment-signature": payment, range: "bytes=0-9999" });
    assert.equal(first.status, 206, await first.clone().text());
    assert.equal(first.headers.get("content-range"), `bytes 0-9999/${bytes.length}`);
    const head = Buffer.from(await first.arrayBuffer());
    assert.deepEqual(head, bytes.subarray(0, 10_000));
    assert.equal(decodePaymentResponseHeader(first.headers.get("payment-response")!).success, true);
    const token = first.headers.get("x-paid-file-token");
    assert.ok(token, "the paid answer carries the token that resumes the file");
    assert.equal(1_000_000n - (await balanceOf(account.address)), PRICE, "one settlement");

    await refused(
      await get(ipA, { "payment-signature": payment, range: "bytes=10000-" }),
      /already used.*x-paid-file-token/,
    );

    const rest = await get(ipA, { "x-paid-file-token": token, range: "bytes=10000-" });
    assert.equal(rest.status, 206);
    assert.equal(rest.headers.get("content-range"), `bytes 10000-${bytes.length - 1}/${bytes.length}`);
    const tail = Buffer.from(await rest.arrayBuffer());
    assert.equal(sha256(Buffer.concat([head, tail])), file.sha256, "the two parts are the file");
    assert.equal(1_000_000n - (await balanceOf(account.address)), PRICE, "resuming paid nothing more");
    const kept = await t.gateway.context.payPerFile!.paymentsOf(account.address);
    assert.equal(kept.length, 1, "one payment, recorded once");
  });

  it("lists the files an account paid for at /api/x402/paid-files, to that account only", async () => {
    const account = await payer();
    const paid = await get(ipB, { "payment-signature": await signPayment(account, await asked(ipB)) });
    assert.equal(paid.status, 200);
    const { transaction } = decodePaymentResponseHeader(paid.headers.get("payment-response")!);
    const listOf = async (who: PrivateKeyAccount) => {
      const listUrl = `${ORIGIN}/api/x402/paid-files`;
      const signer = { address: who.address, signTypedData: (td: never) => who.signTypedData(td) };
      const authorization = await signRequest(signer, t.chain.deployment.chainId, listUrl, "GET");
      const response = await t.gateway.handle(new Request(listUrl, { headers: { authorization } }));
      assert.equal(response.status, 200);
      return json<PaidFilesAnswer>(response);
    };
    const mine = await listOf(account);
    assert.equal(mine.account, account.address);
    assert.deepEqual(
      mine.files.map((f) => [f.ipId, f.transaction, f.amount, getAddress(f.creator), f.termsId]),
      [
        [
          ipB.toString(),
          transaction,
          PRICE.toString(),
          getAddress(t.artist.account.address),
          Preset.AiTrainingPayPerFile.toString(),
        ],
      ],
    );
    assert.match(mine.files[0].terms, /per file/i);
    assert.equal(mine.files[0].size, 3_000);
    assert.deepEqual((await listOf(await payer())).files, [], "another account sees none of them");
    const anonymous = await t.gateway.handle(new Request(`${ORIGIN}/api/x402/paid-files`));
    assert.equal(anonymous.status, 401);
  });

  it("refuses a token for another file, an edited token, and a token used past its allowance", async () => {
    const account = await payer();
    const paid = await get(ipA, { "payment-signature": await signPayment(account, await asked(ipA)) });
    assert.equal(paid.status, 200);
    await paid.arrayBuffer();
    const token = paid.headers.get("x-paid-file-token")!;
    await refused(await get(ipB, { "x-paid-file-token": token }), /issued for another file/);
    const [payload, mac] = token.split(".");
    const grant = JSON.parse(Buffer.from(payload, "base64url").toString());
    const edited = `${Buffer.from(JSON.stringify({ ...grant, ipId: ipB.toString() })).toString("base64url")}.${mac}`;
    await refused(await get(ipB, { "x-paid-file-token": edited }), /not one this gateway issued/);
    for (let i = 0; i < MAX_RESUMES; i++) {
      const again = await get(ipA, { "x-paid-file-token": token, range: "bytes=0-0" });
      assert.equal(again.status, 206);
    }
    await refused(await get(ipA, { "x-paid-file-token": token, range: "bytes=0-0" }), /used 3 times already/);
  });

  it("answers a paid request for a range outside the file 416 and takes nothing", async () => {
    const account = await payer();
    const payment = await signPayment(account, await asked(ipA));
    const response = await get(ipA, { "payment-signature": payment, range: `bytes=${bytes.length}-` });
    assert.equal(response.status, 416);
    assert.equal(await balanceOf(account.address), 1_000_000n);
  });

  it("limits paid requests per network address: 429 with Retry-After and a reason, nothing taken", async () => {
    await awayFromMinuteEdge();
    const from = "203.0.113.7";
    const required = await asked(ipB);
    for (let i = 0; i < LIMITS.perAddressPerMinute; i++) {
      const ok = await get(ipB, { "payment-signature": await signPayment(await payer(), required) }, from);
      assert.equal(ok.status, 200);
    }
    const account = await payer();
    const limited = await get(ipB, { "payment-signature": await signPayment(account, required) }, from);
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    const body = await limited.json();
    assert.equal(body.error, "too_many_requests");
    assert.equal(body.per, "address");
    assert.match(body.reason, /At most 3 paid requests per minute per address/);
    assert.equal(await balanceOf(account.address), 1_000_000n, "a refused request takes nothing");
    const elsewhere = await get(ipB, { "payment-signature": await signPayment(account, required) });
    assert.equal(elsewhere.status, 200, "another address is served");
  });

  it("limits paid requests per payer across addresses, and the count survives a gateway restart", async () => {
    await awayFromMinuteEdge();
    const account = await payer();
    const required = await asked(ipB);
    // A stranger forging payments in the payer's name (bad signatures) does not use up the payer's allowance.
    for (let i = 0; i < 3; i++) {
      const forged = await signPayment(account, required, { chainId: 1 });
      assert.equal((await get(ipB, { "payment-signature": forged })).status, 402);
    }
    for (let i = 0; i < LIMITS.perPayerPerMinute; i++) {
      assert.equal((await get(ipB, { "payment-signature": await signPayment(account, required) })).status, 200);
    }
    const limited = await get(ipB, { "payment-signature": await signPayment(account, required) });
    assert.equal(limited.status, 429);
    assert.equal((await limited.json()).per, "payer");
    const { settler } = chain;
    await t.swapGateway((config) =>
      createGateway({ ...config, payPerFile: { settler, limits: LIMITS, maxResumes: MAX_RESUMES } }),
    );
    const afterRestart = await get(ipB, { "payment-signature": await signPayment(account, required) });
    assert.equal(afterRestart.status, 429, "the count is in the database, not in the process");
    assert.equal(1_000_000n - (await balanceOf(account.address)), 2n * PRICE, "only the allowed requests paid");
  });
});
