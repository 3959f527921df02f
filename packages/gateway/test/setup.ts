import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Signer, signRequest } from "@ipnft/ai-client/request-signature";
import { licenseTokenAbi, superTokenAbi, testUSDCAbi } from "@ipnft/protocol/abis";
import { toUnderlyingAmount } from "@ipnft/protocol/format";
import type { Address, Hex, TypedDataDefinition } from "viem";
import { parseEther, zeroHash } from "viem";
import { deployedChain } from "../../../test/helpers/chain";
import {
  type Chain,
  Kind,
  Preset,
  register as registerIp,
  registerTerms,
  type TermsInput,
  terms,
  type Wallet,
} from "../../../test/helpers/protocol";
import type { UploadAnswer } from "../src/api";
import { manifestHashToRegister } from "../src/c2pa/credentials";
import { createContentStore } from "../src/content/store";
import { createGateway, type GatewayOptions } from "../src/create-gateway";

export const ORIGIN = "http://gateway.test";
export type { Chain, Wallet };
export { Kind, Preset };

export function signerOf(wallet: Wallet): Signer {
  return {
    address: wallet.account.address,
    signTypedData: (typedData: TypedDataDefinition) =>
      wallet.signTypedData({ ...typedData, account: wallet.account } as never),
  };
}

/** A fresh chain with our contracts, and a gateway over a fresh data dir, as the product runs them. */
export async function gatewayOnChain(overrides: Partial<GatewayOptions> = {}) {
  const chain = await deployedChain();
  const [, artist, aiCompany, fan] = chain.wallets;
  const dataDir = overrides.store?.dataDir ?? (await mkdtemp(path.join(tmpdir(), "gateway-test-")));
  const store = overrides.store ?? createContentStore(dataDir);
  const config: GatewayOptions = {
    deployment: chain.deployment,
    client: chain.publicClient as never,
    store,
    ...overrides,
  };
  let gateway = await createGateway(config);
  const c = chain.deployment.contracts as Record<string, Address>;
  const wait = async (hash: Hex) => {
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return receipt;
  };

  /** A request to the gateway, signed per request (EIP-712) by `as` when given. */
  async function call(
    pathAndQuery: string,
    init: {
      as?: Wallet;
      method?: string;
      headers?: Record<string, string>;
      body?: NonNullable<ConstructorParameters<typeof Request>[1]>["body"];
    } = {},
  ): Promise<Response> {
    const url = `${ORIGIN}${pathAndQuery}`;
    const method = init.method ?? "GET";
    const headers = new Headers(init.headers);
    if (init.as)
      headers.set("authorization", await signRequest(signerOf(init.as), chain.deployment.chainId, url, method));
    return gateway.handle(new Request(url, { method, headers, body: init.body }));
  }

  async function upload(as: Wallet | undefined, bytes: Uint8Array, type: string, extra: Record<string, string> = {}) {
    const form = new FormData();
    form.set("file", new File([new Uint8Array(bytes)], "upload.bin", { type }));
    for (const [k, v] of Object.entries(extra)) form.set(k, v);
    return call("/api/uploads", { as, method: "POST", body: form });
  }

  /** Registers uploaded content as an IP-NFT of `owner` with `termsIds` attached; returns its id. */
  async function register(owner: Wallet, uploaded: UploadAnswer, termsIds: bigint[]): Promise<bigint> {
    const content = {
      contentHash: uploaded.sha256,
      contentCid: uploaded.cidBytes,
      metadataCid: uploaded.metadata?.cidBytes ?? uploaded.cidBytes,
      metadataHash: zeroHash,
    };
    // As the mint flow does: the certificate commits to the file's C2PA manifest store when the gateway validated it.
    const c2paManifestHash = manifestHashToRegister(uploaded.contentCredentials);
    return (await registerIp(chain, owner, { kind: Kind.Work, content, termsIds, c2paManifestHash })).ipId;
  }

  /**
   * Gives `wallet` `amount` SuperTokens (18 decimals) the way a user gets them: mint the 6-decimal stablecoin they
   * take, approve, upgrade.
   */
  async function fund(wallet: Wallet, amount = parseEther("1000")) {
    const { underlying, superToken } = chain.deployment.currency;
    const stablecoin = toUnderlyingAmount(chain.deployment.currency, amount, true);
    await wait(
      await wallet.writeContract({
        address: underlying,
        abi: testUSDCAbi,
        functionName: "mint",
        args: [wallet.account.address, stablecoin],
      }),
    );
    await wait(
      await wallet.writeContract({
        address: underlying,
        abi: testUSDCAbi,
        functionName: "approve",
        args: [superToken, stablecoin],
      }),
    );
    await wait(
      await wallet.writeContract({ address: superToken, abi: superTokenAbi, functionName: "upgrade", args: [amount] }),
    );
  }

  async function buyLicense(wallet: Wallet, ipId: bigint, termsId: bigint, fee: bigint): Promise<bigint> {
    await wait(
      await wallet.writeContract({
        address: chain.deployment.currency.superToken,
        abi: superTokenAbi,
        functionName: "approve",
        args: [c.LicenseToken, fee],
      }),
    );
    const { result, request } = await chain.publicClient.simulateContract({
      account: wallet.account,
      address: c.LicenseToken,
      abi: licenseTokenAbi,
      functionName: "buyLicense",
      args: [ipId, termsId, fee],
    });
    await wait(await wallet.writeContract(request as never));
    return result;
  }

  /** Replaces the gateway under test (a restart, or a gateway made with other settings). */
  async function swapGateway(next: (config: GatewayOptions) => Promise<typeof gateway>) {
    await gateway.close();
    gateway = await next(config);
    return gateway;
  }

  /**
   * Registers (as the artist) metered AI-training terms: free up front, never expiring, `pricePerUnit` per file,
   * at most `maxUnpaidUnits` files before a receipt; returns their id.
   */
  async function meteredTerms(
    o: Pick<TermsInput, "maxUnpaidUnits" | "legalTextURI"> & Partial<Pick<TermsInput, "pricePerUnit" | "transferable">>,
  ): Promise<bigint> {
    const metered = terms(chain, {
      transferable: false,
      duration: 0,
      upfrontFee: 0n,
      pricePerUnit: parseEther("0.01"),
      ...o,
    });
    return registerTerms(chain, artist, metered);
  }

  return {
    chain,
    get gateway() {
      return gateway;
    },
    swapGateway,
    store,
    dataDir,
    artist,
    aiCompany,
    fan,
    call,
    upload,
    register,
    fund,
    buyLicense,
    meteredTerms,
    wait,
    contracts: c,
  };
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
