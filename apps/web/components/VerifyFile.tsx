"use client";
import { type FileIdentity, identifyFile } from "@ipnft/protocol/content";
import { ipIdOfContentHash } from "@ipnft/protocol/verbs";
import { createWorkReader, protocolAddresses } from "@ipnft/protocol/works";
import { useState } from "react";
import type { PublicClient } from "viem";
import { usePublicClient } from "wagmi";
import { PageLink } from "@/components/ui/PageLink";
import { useDeployment } from "@/hooks/useDeployment";
import { explainError } from "@/lib/errors";
import { blockTimeWords } from "@/lib/time";
import { FileDrop } from "./FileDrop";
import { LikelyOriginals } from "./verify/LikelyOriginals";

type Verdict =
  | { status: "idle" }
  | { status: "hashing"; name: string; progress: number }
  | { status: "checking"; name: string; identity: FileIdentity }
  | {
      status: "registered";
      name: string;
      identity: FileIdentity;
      ipId: bigint;
      creator: string;
      birthTime: number;
      kind: string;
    }
  | { status: "unregistered"; name: string; identity: FileIdentity; file: File }
  | { status: "failed"; reason: string };

/** Hashes a file in the browser and asks the IP registry whether those bytes have a birth certificate. */
export function VerifyFile() {
  const client = usePublicClient();
  const deployment = useDeployment();
  const [verdict, setVerdict] = useState<Verdict>({ status: "idle" });

  const check = async (file: File) => {
    try {
      setVerdict({ status: "hashing", name: file.name, progress: 0 });
      const identity = await identifyFile(new Uint8Array(await file.arrayBuffer()), (progress) =>
        setVerdict({ status: "hashing", name: file.name, progress }),
      );
      setVerdict({ status: "checking", name: file.name, identity });
      const addresses = protocolAddresses(deployment);
      if (!client || !addresses) throw new Error("The IP registry is not deployed on this chain.");
      const ipId = await ipIdOfContentHash(client, deployment, identity.sha256);
      if (ipId === 0n) return setVerdict({ status: "unregistered", name: file.name, identity, file });
      const c = await createWorkReader(client as PublicClient, addresses).certificate(ipId);
      if (!c) throw new Error(`IP #${ipId} has no certificate.`);
      const { creator, birthTime, kind } = c;
      setVerdict({ status: "registered", name: file.name, identity, ipId, creator, birthTime, kind });
    } catch (error) {
      setVerdict({ status: "failed", reason: explainError(error) });
    }
  };

  return (
    <section className="card" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Check a file</h2>
      <FileDrop
        label="Choose or drop a file to check"
        hint="Its SHA-256 is looked up on chain. An image with no certificate is then compared with registered works by the gateway, which keeps nothing."
        onFile={(f) => void check(f)}
      />
      <div role="status" aria-live="polite" className="verdict" data-testid="verdict" data-status={verdict.status}>
        {verdict.status === "hashing" ? (
          <p>
            Hashing “{verdict.name}”… {Math.round(verdict.progress * 100)}%
          </p>
        ) : null}
        {verdict.status === "checking" ? (
          <p>Looking up SHA-256 {verdict.identity.sha256.slice(0, 18)}… on chain…</p>
        ) : null}
        {verdict.status === "registered" ? (
          <>
            <p className="verdict-yes">
              <strong>“{verdict.name}” has a birth certificate.</strong> It was registered as a{" "}
              {verdict.kind.toLowerCase()} by{" "}
              <span className="mono" data-testid="verify-creator">
                {verdict.creator}
              </span>{" "}
              on {blockTimeWords(verdict.birthTime)}.
            </p>
            <p>
              <PageLink href={`/works/${verdict.ipId}`}>See the certificate of IP #{verdict.ipId.toString()}</PageLink>
            </p>
          </>
        ) : null}
        {verdict.status === "unregistered" ? (
          <>
            <p className="verdict-no">
              <strong>“{verdict.name}” has no certificate.</strong> Nobody has registered these exact bytes. If it is
              yours, <PageLink href="/mint">register it</PageLink>.
            </p>
            <LikelyOriginals file={verdict.file} />
          </>
        ) : null}
        {verdict.status === "registered" || verdict.status === "unregistered" ? (
          <dl className="certificate">
            <div>
              <dt>SHA-256</dt>
              <dd className="mono wrap">{verdict.identity.sha256}</dd>
            </div>
            <div>
              <dt>IPFS CID</dt>
              <dd className="mono wrap">{verdict.identity.cid}</dd>
            </div>
          </dl>
        ) : null}
        {verdict.status === "failed" ? <p className="problem">{verdict.reason}</p> : null}
      </div>
    </section>
  );
}
