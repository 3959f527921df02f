"use client";
import { groupDigits } from "@ipnft/protocol/format";
import type { PickedFile } from "@/hooks/works/usePickedFile";
import { FileDrop } from "../FileDrop";

/** The registered works a picked image looks like, and what that means for registering it. */
function LooksLike({ matches }: { matches: NonNullable<PickedFile["similar"]> }) {
  return (
    <div role="status" className="looks-like" data-testid="mint-looks-like">
      <p>
        <strong>This image looks like a registered work:</strong>{" "}
        {matches.map((m, i) => (
          <span key={m.ipId}>
            {i > 0 ? "; " : ""}
            <a href={m.certificatePath}>
              IP #{m.ipId}
              {m.name ? ` “${m.name}”` : ""}
            </a>{" "}
            by <span className="mono wrap">{m.creator}</span> ({Math.round(m.similarity * 100)}% similar)
          </span>
        ))}
        .
      </p>
      <p className="muted">
        If it is your own, you may register this variant. If it is someone else’s, the gateway accepts it only from a
        holder of a license of that work that allows derivatives, and it is then registered as a derivative of it.
      </p>
    </div>
  );
}

/** Step 1 of the mint: the file, its SHA-256 and CID as the browser computed them, and any certificate it already has. */
export function FileSection({
  picked,
  onFile,
  disabled,
}: {
  picked: PickedFile | null;
  onFile: (file: File) => void;
  disabled: boolean;
}) {
  return (
    <section className="card" aria-labelledby="file-heading">
      <h2 id="file-heading">1. Your file</h2>
      <FileDrop
        label="Choose or drop the file to register"
        hint="Images get a public low-resolution preview; the original is served only to licensees."
        onFile={onFile}
        disabled={disabled}
      />
      {picked ? (
        <div className="picked">
          {picked.file.type.startsWith("image/") ? (
            // biome-ignore lint/performance/noImgElement: a local object URL of the chosen file
            <img
              src={picked.localUrl}
              alt={`The file you chose, ${picked.file.name}`}
              width={160}
              height={160}
              className="thumb"
            />
          ) : null}
          <dl className="certificate" aria-live="polite">
            <div>
              <dt>File</dt>
              <dd>
                {picked.file.name} ({groupDigits(picked.file.size)} bytes)
              </dd>
            </div>
            <div>
              <dt>SHA-256 (computed in your browser)</dt>
              <dd className="mono wrap" data-testid="file-sha256">
                {picked.identity?.sha256 ?? `hashing… ${Math.round(picked.progress * 100)}%`}
              </dd>
            </div>
            <div>
              <dt>IPFS CID (computed in your browser)</dt>
              <dd className="mono wrap" data-testid="file-cid">
                {picked.identity?.cid ?? "…"}
              </dd>
            </div>
          </dl>
          {picked.similar?.length ? <LooksLike matches={picked.similar} /> : null}
          {picked.existing ? (
            <p role="alert" className="problem">
              These exact bytes already have a birth certificate:{" "}
              <a href={`/works/${picked.existing}`}>IP #{picked.existing.toString()}</a>.
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
