"use client";
import type { Deployment, DevRole } from "@ipnft/protocol/deployment";
import type { Wallet } from "@rainbow-me/rainbowkit";
import { type Address, type EIP1193RequestFn, getAddress, numberToHex, SwitchChainError } from "viem";
import { createConnector } from "wagmi";

const ROLE_KEY = "devWallet.role";
const CONNECTED_KEY = "devWallet.connected";
const ROLE_EVENT = "devwallet:role";

/** The only chain the dev wallet exists on: a local Hardhat node, whose test accounts it acts as. */
export const LOCAL_CHAIN_ID = 31337;

export const roleLabels: Record<DevRole, string> = { artist: "Artist", aiCompany: "AI company", fan: "Fan" };

export function currentDevRole(): DevRole {
  const stored = typeof window === "undefined" ? null : window.localStorage.getItem(ROLE_KEY);
  return stored === "aiCompany" || stored === "fan" ? stored : "artist";
}

/** Switches the dev wallet to the account of another role; a connected app sees an account change. */
export function switchDevRole(role: DevRole) {
  window.localStorage.setItem(ROLE_KEY, role);
  window.dispatchEvent(new CustomEvent(ROLE_EVENT, { detail: role }));
}

/** A JSON-RPC call to the local node, with a plain-words error when the node is not running. */
async function callNode(rpcUrl: string, method: string, params: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: Date.now(), method, params: params ?? [] }),
    });
  } catch {
    throw new Error(`The local chain at ${rpcUrl} is not answering. Is \`npm run dev\` running?`);
  }
  const body = (await response.json()) as {
    result?: unknown;
    error?: { code: number; message: string; data?: unknown };
  };
  if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data });
  return body.result;
}

/**
 * The local dev wallet: acts as one of the Hardhat node's unlocked test accounts (artist, AI company
 * or fan), so a newcomer can try every flow without a browser extension. The node itself signs, so
 * transactions and EIP-712 signatures are real. Offered on chain 31337 only.
 */
export function devWallet(deployment: Deployment): Wallet {
  if (deployment.chainId !== LOCAL_CHAIN_ID || !deployment.devAccounts) {
    throw new Error(`The dev wallet exists on the local chain (${LOCAL_CHAIN_ID}) only.`);
  }
  const accounts = deployment.devAccounts;
  const chainId = deployment.chainId;
  return {
    id: "devWallet",
    name: "Local dev wallet",
    iconBackground: "#14532d",
    iconUrl:
      "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 28 28'%3E%3Crect width='28' height='28' rx='6' fill='%2314532d'/%3E%3Ctext x='14' y='19' font-size='13' text-anchor='middle' fill='white' font-family='monospace'%3Edev%3C/text%3E%3C/svg%3E",
    installed: true,
    createConnector: (walletDetails) =>
      createConnector((config) => {
        const account = (): Address => getAddress(accounts[currentDevRole()]);
        const connected = () => typeof window !== "undefined" && window.localStorage.getItem(CONNECTED_KEY) === "true";
        const request: EIP1193RequestFn = async ({ method, params }) => {
          switch (method) {
            case "eth_accounts":
            case "eth_requestAccounts":
              return (connected() || method === "eth_requestAccounts" ? [account()] : []) as never;
            case "eth_chainId":
              return numberToHex(chainId) as never;
            case "wallet_switchEthereumChain":
              return null as never;
            default:
              return (await callNode(deployment.rpcUrl, method, params)) as never;
          }
        };
        const onRole = () => config.emitter.emit("change", { accounts: [account()] });
        return {
          ...walletDetails,
          id: "devWallet",
          name: "Local dev wallet",
          type: "devWallet",
          async setup() {
            if (typeof window !== "undefined") window.addEventListener(ROLE_EVENT, onRole);
          },
          async connect() {
            window.localStorage.setItem(CONNECTED_KEY, "true");
            return { accounts: [account()], chainId } as never;
          },
          async disconnect() {
            window.localStorage.removeItem(CONNECTED_KEY);
          },
          async getAccounts() {
            return [account()];
          },
          async getChainId() {
            return chainId;
          },
          async getProvider() {
            return { request };
          },
          async isAuthorized() {
            return connected();
          },
          async switchChain({ chainId: wanted }) {
            const chain = config.chains.find((c) => c.id === wanted);
            if (!chain || wanted !== chainId)
              throw new SwitchChainError(new Error("The dev wallet only knows the local chain."));
            return chain;
          },
          onAccountsChanged(changed) {
            config.emitter.emit("change", { accounts: changed.map((a) => getAddress(a)) });
          },
          onChainChanged(changed) {
            config.emitter.emit("change", { chainId: Number(changed) });
          },
          onDisconnect() {
            config.emitter.emit("disconnect");
          },
        };
      }),
  };
}
