"use client";
import { useEffect, useState } from "react";
import { PageLink } from "@/components/ui/PageLink";
import { explainError } from "@/lib/errors";
import { findSimilar, GatewayError, type SimilarWorks } from "@/lib/gateway-client";

type Search =
  | { status: "searching" }
  | { status: "found"; answer: SimilarWorks }
  | { status: "not-image" }
  | { status: "failed"; reason: string };

const percent = (similarity: number) => `${Math.round(similarity * 100)}%`;

/**
 * For a file with no certificate of its own: the registered works it most likely copies (resized, recompressed,
 * cropped, recoloured, mirrored or captioned), ranked by perceptual similarity, with links to their certificates and
 * the licenses they offer. The gateway compares the image in memory and keeps nothing.
 */
export function LikelyOriginals({ file }: { file: File }) {
  const [search, setSearch] = useState<Search>({ status: "searching" });

  useEffect(() => {
    let live = true;
    setSearch({ status: "searching" });
    findSimilar(file).then(
      (answer) => live && setSearch({ status: "found", answer }),
      (error) => {
        if (!live) return;
        if (error instanceof GatewayError && error.code === "not_an_image") setSearch({ status: "not-image" });
        else setSearch({ status: "failed", reason: explainError(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [file]);

  if (search.status === "not-image") return null;
  if (search.status === "searching") return <p>Looking for registered works this image may be a copy of…</p>;
  if (search.status === "failed") {
    return <p className="problem">Could not look for works this image may copy: {search.reason}</p>;
  }
  const { matches, threshold } = search.answer;
  if (matches.length === 0) {
    return (
      <p data-testid="likely-originals" data-count="0">
        No registered work looks like it either (nothing at {percent(threshold)} similarity or more).
      </p>
    );
  }
  return (
    <section aria-labelledby="likely-heading" data-testid="likely-originals" data-count={matches.length}>
      <h3 id="likely-heading">It looks like {matches.length === 1 ? "a registered work" : "registered works"}</h3>
      <p className="muted">
        Not the same bytes, but the same picture as far as a perceptual hash can tell (a resized, recompressed, cropped,
        recoloured, mirrored or captioned copy). Most likely first:
      </p>
      <ol className="likely">
        {matches.map((m) => (
          <li key={m.ipId} data-testid="likely-original">
            <p>
              <strong>{percent(m.similarity)} similar</strong> to{" "}
              <PageLink href={m.certificatePath}>
                IP #{m.ipId}
                {m.name ? ` “${m.name}”` : ""}
              </PageLink>
              , a {m.kind.toLowerCase()} registered by <span className="mono wrap">{m.creator}</span>.
            </p>
            {m.offers.length > 0 ? (
              <ul>
                {m.offers.map((o) => (
                  <li key={o.termsId}>
                    {o.summary}
                    {o.salesOpen ? "" : " (sales stopped)"}
                    {o.legalTextUrl ? (
                      <>
                        {" "}
                        · <a href={o.legalTextUrl}>license text</a>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">It offers no license.</p>
            )}
            <p>
              <PageLink href={m.certificatePath}>See the certificate and licenses of IP #{m.ipId}</PageLink>
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
