"use client";
import type { LegalDocumentAnswer } from "@ipnft/gateway/api";
import { identifyFile } from "@ipnft/protocol/content";
import { useState } from "react";
import { useGatewaySession } from "@/hooks/useGatewaySession";
import { gatewayFetch } from "@/lib/gateway-client";

/** What the gateway stores as a license document (it checks the bytes too). */
const ACCEPT = ".md,.markdown,.txt,.pdf,text/markdown,text/plain,application/pdf";
const MAX_BYTES = 2 * 1024 * 1024;

type Status =
  | { state: "idle" }
  | { state: "busy" }
  | { state: "done"; uri: string }
  | { state: "failed"; reason: string };

/**
 * Uploads the legal text of custom terms (Markdown, plain text or PDF) to the gateway, which stores it by content;
 * the document's `ipfs://<cid>` then becomes the terms' `legalTextURI`. The CID is computed here first and must be
 * the one the gateway answers with, so the terms name exactly the bytes the artist chose.
 */
export function LegalDocumentUpload({ onUploaded }: { onUploaded: (uri: string) => void }) {
  const { ensureSignedIn } = useGatewaySession();
  const [status, setStatus] = useState<Status>({ state: "idle" });

  async function upload(file: File) {
    if (file.size === 0) return setStatus({ state: "failed", reason: "The document is empty." });
    if (file.size > MAX_BYTES) {
      return setStatus({ state: "failed", reason: "License documents may be at most 2 MiB." });
    }
    setStatus({ state: "busy" });
    try {
      const { cid } = await identifyFile(new Uint8Array(await file.arrayBuffer()));
      await ensureSignedIn();
      const form = new FormData();
      form.append("file", file, file.name);
      const stored = await gatewayFetch<LegalDocumentAnswer>("/api/legal", { method: "POST", body: form });
      if (stored.cid !== cid) throw new Error("The gateway stored different bytes than the ones chosen; try again.");
      onUploaded(stored.uri);
      setStatus({ state: "done", uri: stored.uri });
    } catch (error) {
      setStatus({ state: "failed", reason: (error as Error).message });
    }
  }

  return (
    <div className="legal-upload">
      <label>
        Or upload the license document (Markdown, text or PDF)
        <input
          type="file"
          accept={ACCEPT}
          data-testid="legal-document-file"
          disabled={status.state === "busy"}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
          }}
        />
      </label>
      {status.state === "busy" ? <p className="muted">Uploading the document…</p> : null}
      {status.state === "done" ? (
        <p className="muted" data-testid="legal-document-uploaded">
          Stored by content: the terms name <span className="mono">{status.uri}</span>.
        </p>
      ) : null}
      {status.state === "failed" ? (
        <p role="alert" className="problem">
          {status.reason}
        </p>
      ) : null}
    </div>
  );
}
