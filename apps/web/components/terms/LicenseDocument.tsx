"use client";
import { legalDocumentCid, legalDocumentPath } from "@ipnft/protocol/legal";
import { useState } from "react";

type Loaded =
  | { state: "idle" | "loading" }
  | { state: "text"; text: string; verified: boolean }
  | { state: "pdf"; verified: boolean }
  | { state: "failed"; reason: string };

/**
 * The legal text of some terms. A content-addressed document (`ipfs://<cid>`) opens in a collapsible section, read
 * from the gateway when first opened, checked against its CID in the browser, and shown as preformatted text (no
 * Markdown renderer is installed, and text is never interpreted as HTML), with a download link. A web URL is a link;
 * anything else (a URN) is shown as the name it is.
 */
export function LicenseDocument({ uri }: { uri: string }) {
  const cid = legalDocumentCid(uri);
  const [loaded, setLoaded] = useState<Loaded>({ state: "idle" });
  if (!cid) {
    return /^https?:\/\/\S+$/i.test(uri) ? (
      <p className="muted">
        License document:{" "}
        <a href={uri} rel="noopener noreferrer nofollow" target="_blank">
          {uri}
        </a>
      </p>
    ) : null;
  }
  const href = legalDocumentPath(cid);

  async function load(documentCid: string) {
    setLoaded({ state: "loading" });
    try {
      const response = await fetch(legalDocumentPath(documentCid));
      if (!response.ok) {
        const body = (await response.json().catch(() => undefined)) as { reason?: string } | undefined;
        setLoaded({ state: "failed", reason: body?.reason ?? `The gateway answered ${response.status}.` });
        return;
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      // the CID code (hashing, multiformats) loads when a document is first opened, not with the page
      const { identifyFile } = await import("@ipnft/protocol/content");
      const verified = (await identifyFile(bytes)).cid === documentCid;
      if ((response.headers.get("content-type") ?? "").startsWith("application/pdf")) {
        setLoaded({ state: "pdf", verified });
      } else {
        setLoaded({ state: "text", text: new TextDecoder().decode(bytes), verified });
      }
    } catch {
      setLoaded({ state: "failed", reason: "The document could not be fetched: is the app's server reachable?" });
    }
  }

  return (
    <details
      className="license-document"
      data-testid="license-document"
      onToggle={(e) => {
        if (e.currentTarget.open && (loaded.state === "idle" || loaded.state === "failed")) void load(cid);
      }}
    >
      <summary>Read the license document</summary>
      <p className="muted">
        Content-addressed: <span className="mono">{uri}</span> ·{" "}
        <a href={href} download>
          Download
        </a>
      </p>
      {loaded.state === "loading" ? <p className="muted">Loading the document…</p> : null}
      {loaded.state === "failed" ? (
        <p role="alert" className="problem">
          {loaded.reason}
        </p>
      ) : null}
      {loaded.state === "text" || loaded.state === "pdf" ? <Integrity verified={loaded.verified} /> : null}
      {loaded.state === "pdf" ? <p>This license is a PDF: download it above to read it.</p> : null}
      {loaded.state === "text" ? (
        <pre className="license-text" style={{ whiteSpace: "pre-wrap", maxHeight: "32rem", overflow: "auto" }}>
          {loaded.text}
        </pre>
      ) : null}
    </details>
  );
}

function Integrity({ verified }: { verified: boolean }) {
  return verified ? (
    <p className="muted" data-testid="license-document-verified">
      Checked in your browser: these bytes have exactly this CID, so this is the text the terms name.
    </p>
  ) : (
    <p role="alert" className="problem">
      These bytes do not match the CID the terms name: do not rely on this copy.
    </p>
  );
}
