"use client";
import { downloadHeaders, type ErrorBody, originalQuery } from "@ipnft/gateway/api";
import { identifyFile } from "@ipnft/protocol/content";
import { groupDigits } from "@ipnft/protocol/format";
import { useState } from "react";
import { useGatewaySession } from "@/hooks/useGatewaySession";
import { explainError } from "@/lib/errors";

/** Downloads a licensed original through the gateway and checks its SHA-256 against the certificate. */
export function Download({ ipId }: { ipId: bigint }) {
  const { ensureSignedIn } = useGatewaySession();
  const [status, setStatus] = useState<{ kind: "idle" | "busy" | "done" | "failed"; words: string }>({
    kind: "idle",
    words: "",
  });
  const download = async () => {
    setStatus({ kind: "busy", words: "Signing in and downloading…" });
    try {
      await ensureSignedIn();
      // The registered bytes, checked against the certificate below (without `original`, JPEG and PNG files come
      // with the gateway's C2PA manifest added, and their SHA-256 is no longer the certificate's).
      const response = await fetch(`/api/works/${ipId}/content?use=training&${originalQuery}=1`, {
        credentials: "same-origin",
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as Partial<ErrorBody> | null;
        throw new Error(body?.reason ?? `The gateway answered ${response.status}.`);
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const identity = await identifyFile(bytes);
      const expected = response.headers.get(downloadHeaders.sha256)?.toLowerCase();
      if (expected && expected !== identity.sha256.toLowerCase()) {
        throw new Error("The file's SHA-256 does not match its certificate: it was not saved.");
      }
      const type = response.headers.get("content-type") ?? "application/octet-stream";
      const url = URL.createObjectURL(new Blob([bytes], { type }));
      const a = document.createElement("a");
      a.href = url;
      a.download = identity.cid;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus({
        kind: "done",
        words: `Downloaded ${groupDigits(bytes.length)} bytes; SHA-256 ${identity.sha256.slice(0, 14)}… matches the certificate.`,
      });
    } catch (error) {
      setStatus({ kind: "failed", words: explainError(error) });
    }
  };
  return (
    <div className="download">
      <button type="button" className="secondary" disabled={status.kind === "busy"} onClick={() => void download()}>
        Download the original
      </button>
      <p
        role={status.kind === "failed" ? "alert" : "status"}
        className={status.kind === "failed" ? "problem" : undefined}
        data-testid={`download-${ipId}`}
        data-status={status.kind}
      >
        {status.words}
      </p>
    </div>
  );
}
