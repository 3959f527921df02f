"use client";
import { lazy, type ReactNode, Suspense, useEffect, useRef } from "react";
import type { Address } from "viem";
import { useWalletLoader } from "@/hooks/wallet/useWalletLoader";
import type { ParentShare } from "../shares/SharesBeforeAfter";

/**
 * The work page's wallet-bound parts as islands. The server draws each as a visitor without a wallet sees it (the
 * `children`); the live component, and the wallet stack it needs, load only once the wallet stack is in: when the
 * visitor connects, when a wallet from an earlier visit comes back, or (the royalty figures, which tick live) when
 * that section is scrolled into view. A visitor who only reads the page downloads no wallet code.
 */
const BuyLicense = lazy(() => import("../BuyLicense").then((m) => ({ default: m.BuyLicense })));
const StreamControl = lazy(() => import("../StreamControl").then((m) => ({ default: m.StreamControl })));
const RoyaltyPanel = lazy(() => import("../RoyaltyPanel").then((m) => ({ default: m.RoyaltyPanel })));

function Live({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  return useWalletLoader().ready ? <Suspense fallback={fallback}>{children}</Suspense> : fallback;
}

export function BuyLicenseIsland(props: {
  ipId: bigint;
  termsId: bigint;
  fee: bigint;
  name: string;
  children: ReactNode;
}) {
  const { children, ...rest } = props;
  return (
    <Live fallback={children}>
      <BuyLicense {...rest} />
    </Live>
  );
}

/** Nothing without a wallet: the stream control is about the viewer's own stream. */
export function StreamControlIsland(props: { ipId: bigint; minRate: bigint }) {
  return (
    <Live fallback={null}>
      <StreamControl {...props} />
    </Live>
  );
}

export function RoyaltyIsland(props: {
  ipId: bigint;
  owner: Address;
  parents: readonly ParentShare[];
  children: ReactNode;
}) {
  const { children, ...rest } = props;
  const { ready, load } = useWalletLoader();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (ready || !element || typeof IntersectionObserver === "undefined") return;
    const seen = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      seen.disconnect();
      load();
    });
    seen.observe(element);
    return () => seen.disconnect();
  }, [ready, load]);
  return (
    <div ref={ref}>
      <Live fallback={children}>
        <RoyaltyPanel {...rest} fallback={children} />
      </Live>
    </div>
  );
}
