"use client";
import { QueryClientContext } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import { type ReactNode, use, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { WagmiContext } from "wagmi";
import { DeploymentContext } from "@/hooks/useDeployment";
import { WalletLoaderContext } from "@/hooks/wallet/useWalletLoader";
import type { WalletSettings } from "@/lib/wagmi";
import type { WalletRuntime } from "@/lib/wallet-runtime";

type RuntimeModule = typeof import("@/lib/wallet-runtime");

/** The wallet stack's module, fetched once. */
let runtimeModule: Promise<RuntimeModule> | undefined;
function loadRuntimeModule(): Promise<RuntimeModule> {
  if (!runtimeModule) {
    const promise = import("@/lib/wallet-runtime");
    // React's `use` reads a promise it finds marked fulfilled at once, without suspending a render for it.
    promise.then(
      (value) => Object.assign(promise, { status: "fulfilled", value }),
      () => {},
    );
    runtimeModule = promise;
  }
  return runtimeModule;
}

/**
 * The catalog and the work pages are read without a wallet, so they ship none: the wallet stack loads when the
 * visitor asks for it or a wallet connected on an earlier visit comes back (a work page's wallet-bound parts are
 * islands, see components/works/WorkIslands). Every other page has wallet-bound parts from its first render.
 */
// Only the catalog and a work page itself are read without a wallet; `/works/<id>/dispute` is a form that sends.
const walletAtStart = (pathname: string) => pathname !== "/" && !/^\/works\/[^/]+\/?$/.test(pathname);

// Such a page starts fetching the wallet stack as soon as this module runs, before hydration waits for it.
if (typeof window !== "undefined" && walletAtStart(window.location.pathname)) void loadRuntimeModule();

/** A wallet connected on an earlier visit (wagmi's stored connections, or the dev wallet's flag). */
function rememberedWallet(): boolean {
  try {
    const store = window.localStorage.getItem("wagmi.store") ?? "";
    return (
      window.localStorage.getItem("devWallet.connected") === "true" || /"connections":\{[^}]*"value":\[\[/.test(store)
    );
  } catch {
    return false;
  }
}

export function Providers({ wallets, children }: { wallets: WalletSettings; children: ReactNode }) {
  const pathname = usePathname();
  const [loaded, setLoaded] = useState<RuntimeModule | null>(null);
  // On a page that needs it, rendering waits for the module (on the server too, so the HTML matches hydration).
  const runtimeModule = loaded ?? (walletAtStart(pathname) ? use(loadRuntimeModule()) : null);
  const runtime = useRef<WalletRuntime | null>(null);
  if (runtimeModule && !runtime.current) runtime.current = runtimeModule.createWalletRuntime(wallets);

  const load = useCallback(() => void loadRuntimeModule().then(setLoaded), []);
  useEffect(() => {
    if (runtimeModule && !loaded) setLoaded(runtimeModule);
    else if (!runtimeModule && rememberedWallet()) load();
  }, [runtimeModule, loaded, load]);
  const ready = runtime.current !== null;
  const loader = useMemo(() => ({ ready, load }), [ready, load]);

  // The contexts are always there, empty until the runtime arrives, so its arrival re-renders the page in place.
  return (
    <DeploymentContext.Provider value={wallets.deployment}>
      <WalletLoaderContext.Provider value={loader}>
        <WagmiContext.Provider value={runtime.current?.config}>
          <QueryClientContext.Provider value={runtime.current?.queryClient}>
            {runtime.current && runtimeModule ? <runtimeModule.WalletRuntimeMount runtime={runtime.current} /> : null}
            {children}
          </QueryClientContext.Provider>
        </WagmiContext.Provider>
      </WalletLoaderContext.Provider>
    </DeploymentContext.Provider>
  );
}
