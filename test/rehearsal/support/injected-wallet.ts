/**
 * A browser wallet as MetaMask is one, for journeys on a chain with no unlocked accounts: the page gets an EIP-1193
 * `window.ethereum` (and announces it by EIP-6963, so RainbowKit lists it among installed wallets) whose requests go
 * to a handler in Node, where a private key signs. Transactions are signed here and sent raw
 * (eth_sendTransaction -> eth_sendRawTransaction); personal_sign and eth_signTypedData_v4 sign here; everything else
 * is forwarded to the chain's RPC. The node is never asked to sign.
 */
import type { BrowserContext, Page } from "playwright-core";
import {
  type Chain,
  createPublicClient,
  type Hex,
  http,
  numberToHex,
  type PublicClient,
  type TransactionRequest,
} from "viem";
import type { PrivateKeyAccount } from "viem/accounts";

/** What the wallet shows as its name in RainbowKit's list of installed wallets. */
export const INJECTED_WALLET_NAME = "Key Wallet";

interface RpcRequest {
  method: string;
  params?: unknown[];
}
interface RpcAnswer {
  result?: unknown;
  error?: { code: number; message: string };
}

/** A wallet holding one key, on one current chain, that knows the chains it has been told about. */
export class KeyWallet {
  /** The chain the wallet says it is on; a switch to a chain it knows changes it. */
  chainId: number;
  /** Every request the page made, by method, for assertions ("the app asked for a typed-data signature"). */
  readonly requests: string[] = [];
  private authorized = false;
  private readonly known: Set<number>;
  private readonly client: PublicClient;

  constructor(
    readonly account: PrivateKeyAccount,
    readonly chain: Chain,
    rpcUrl: string,
    options: { startOn?: number } = {},
  ) {
    this.client = createPublicClient({ chain, transport: http(rpcUrl, { retryCount: 0 }) });
    this.chainId = options.startOn ?? chain.id;
    this.known = new Set([chain.id, this.chainId]);
  }

  async handle({ method, params = [] }: RpcRequest): Promise<RpcAnswer> {
    this.requests.push(method);
    try {
      return { result: await this.answer(method, params) };
    } catch (error) {
      const { code, message } = error as { code?: number; message?: string };
      return { error: { code: typeof code === "number" ? code : -32603, message: message ?? String(error) } };
    }
  }

  /** The user picks another network in the wallet itself, as in MetaMask's network menu; the page hears of it. */
  async userSwitchesTo(page: Page, chainId: number): Promise<void> {
    this.known.add(chainId);
    this.chainId = chainId;
    await page.evaluate(
      (hex) => (window as unknown as { __keyWalletChainChanged: (id: string) => void }).__keyWalletChainChanged(hex),
      numberToHex(chainId),
    );
  }

  private async answer(method: string, params: unknown[]): Promise<unknown> {
    const { account } = this;
    switch (method) {
      case "eth_requestAccounts":
        this.authorized = true;
        return [account.address];
      case "eth_accounts":
        // As MetaMask: a site sees the account only once the user has connected it.
        return this.authorized ? [account.address] : [];
      case "eth_chainId":
        return numberToHex(this.chainId);
      case "net_version":
        return String(this.chainId);
      case "wallet_requestPermissions":
      case "wallet_getPermissions":
        return [{ parentCapability: "eth_accounts" }];
      case "wallet_switchEthereumChain": {
        const wanted = Number((params[0] as { chainId: Hex }).chainId);
        if (!this.known.has(wanted)) throw Object.assign(new Error("Unrecognized chain"), { code: 4902 });
        this.chainId = wanted;
        return null;
      }
      case "wallet_addEthereumChain":
        this.known.add(Number((params[0] as { chainId: Hex }).chainId));
        return null;
      case "personal_sign":
        return account.signMessage({ message: { raw: params[0] as Hex } });
      case "eth_signTypedData_v4": {
        const typed = JSON.parse(params[1] as string);
        const { EIP712Domain: _, ...types } = typed.types;
        return account.signTypedData({ ...typed, types });
      }
      case "eth_sendTransaction":
        return this.sendTransaction(params[0] as Record<string, Hex | undefined>);
      default:
        return this.client.request({ method, params } as never);
    }
  }

  /** Fills in what the page left out (nonce, gas, fees) from the chain, signs with the key, and sends it raw. */
  private async sendTransaction(tx: Record<string, Hex | undefined>): Promise<Hex> {
    if (this.chainId !== this.chain.id) {
      throw Object.assign(new Error(`The wallet is on chain ${this.chainId}, not ${this.chain.id}`), { code: 4901 });
    }
    const big = (value: Hex | undefined) => (value === undefined ? undefined : BigInt(value));
    const request = await this.client.prepareTransactionRequest({
      account: this.account,
      chain: this.chain,
      to: tx.to,
      data: tx.data ?? tx.input,
      value: big(tx.value),
      gas: big(tx.gas),
      nonce: tx.nonce === undefined ? undefined : Number(tx.nonce),
    } as TransactionRequest as never);
    const signed = await this.account.signTransaction(request as never);
    return this.client.sendRawTransaction({ serializedTransaction: signed });
  }
}

/**
 * The page's half: `window.ethereum` and its EIP-6963 announcement, forwarding every request to Node. Plain
 * JavaScript in a string: tsx would wrap a TypeScript function's inner functions in helpers the page lacks.
 */
const pageWallet = (info: { name: string; uuid: string }) => `(() => {
  const info = ${JSON.stringify(info)};
  const listeners = new Map();
  const emit = (event, value) => { for (const listener of listeners.get(event) ?? []) listener(value); };
  const provider = {
    isKeyWallet: true,
    async request(request) {
      const answer = await window.__keyWallet({ method: request.method, params: request.params ?? [] });
      if (answer.error) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
      if (request.method === "wallet_switchEthereumChain") {
        emit("chainChanged", await provider.request({ method: "eth_chainId" }));
      }
      return answer.result;
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return provider;
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  };
  window.ethereum = provider;
  // The user switching networks in the wallet itself (not asked by the page).
  window.__keyWalletChainChanged = (chainId) => emit("chainChanged", chainId);
  const icon = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 28 28'%3E%3Crect width='28' height='28' rx='6' fill='%23f59e0b'/%3E%3C/svg%3E";
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", {
    detail: Object.freeze({ info: { ...info, icon, rdns: "dev.ipnft.keywallet" }, provider }),
  }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();`;

/** Installs `wallet` in every page of `context` before any of the app's scripts run. */
export async function installWallet(context: BrowserContext, wallet: KeyWallet): Promise<void> {
  await context.exposeFunction("__keyWallet", (request: RpcRequest) => wallet.handle(request));
  await context.addInitScript({ content: pageWallet({ name: INJECTED_WALLET_NAME, uuid: crypto.randomUUID() }) });
}
