import type { ContentCredentials as Credentials, OnWire, WorkCredentialsAnswer } from "@ipnft/gateway/api";
import type { CredentialsRead } from "@/lib/gateway/credentials.server";

type Answer = OnWire<WorkCredentialsAnswer>;
type Summary = NonNullable<Extract<Credentials, { state: "valid" | "invalid" }>["manifest"]>;

/** What the certificate's `c2paManifestHash` commits to, in words. */
const commitmentWords: Record<Answer["commitment"], string> = {
  matches:
    "The certificate records the SHA-256 of this manifest store: the content credentials below are the ones the " +
    "creator registered, and any copy of the file carrying another manifest is not the registered one.",
  differs:
    "The certificate records a manifest hash that is not the one this gateway validated in the stored file: do not " +
    "rely on it.",
  none: "The certificate records no content credentials (its C2PA manifest hash is zero).",
  unknown: "The certificate records a manifest hash, but this gateway does not hold the file to show what it covers.",
};

/**
 * The work page's "Content credentials" section: the C2PA manifest embedded in the original when it was uploaded
 * (claim generator, actions, author, signer, time, validation state, as the gateway's SDK read them), and what the
 * certificate's hash commits to. Licensed JPEG and PNG downloads carry the gateway's own manifest on top of it. Rendered
 * on the server with the page (`readWorkCredentials`), so a reader's browser runs no code for it.
 */
export function ContentCredentials({ read }: { read: CredentialsRead }) {
  return (
    <section className="card" aria-labelledby="credentials-heading" data-testid="content-credentials">
      <h2 id="credentials-heading">Content credentials</h2>
      {"problem" in read ? (
        <p role="alert" className="problem">
          The content credentials could not be read: {read.problem}
        </p>
      ) : (
        <CredentialsBody answer={read.answer} />
      )}
    </section>
  );
}

/** The section's content for a gateway answer: state, claims and the certificate's commitment. */
export function CredentialsBody({ answer }: { answer: Answer }) {
  const credentials = answer.credentials as Credentials | null;
  return (
    <>
      <State credentials={credentials} />
      {credentials && credentials.state !== "none" && credentials.manifest ? (
        <Claims manifest={credentials.manifest} />
      ) : null}
      <p data-testid="credentials-commitment" data-commitment={answer.commitment}>
        {commitmentWords[answer.commitment]}
        {answer.certificateManifestHash ? (
          <>
            {" "}
            Hash: <span className="mono wrap">{answer.certificateManifestHash}</span> (SHA-256 of the C2PA manifest
            store, the <span className="mono">c2pa</span> JUMBF box embedded in the file).
          </>
        ) : null}
      </p>
    </>
  );
}

function State({ credentials }: { credentials: Credentials | null }) {
  if (!credentials) return <p>This gateway did not receive the original, so it cannot show its credentials.</p>;
  if (credentials.state === "none") {
    return <p data-testid="credentials-state">The original carries no content credentials (no C2PA manifest).</p>;
  }
  if (credentials.state === "invalid") {
    return (
      <p role="alert" className="problem" data-testid="credentials-state">
        {credentials.reason ?? "Content credentials present but invalid."} Nothing in them is trusted.
      </p>
    );
  }
  return (
    <p data-testid="credentials-state">
      Valid content credentials: the C2PA SDK checked their signature and that they bind to these exact bytes.{" "}
      {credentials.trusted
        ? "The signer's certificate chains to a CA this gateway trusts."
        : "The signer's certificate is not from a CA this gateway trusts: the claims are intact, but who made them is " +
          "only as good as that certificate."}
    </p>
  );
}

function Claims({ manifest }: { manifest: Summary }) {
  const { signer } = manifest;
  return (
    <dl className="certificate">
      <div>
        <dt>Claim generator</dt>
        <dd>{manifest.claimGenerator}</dd>
      </div>
      {manifest.title ? (
        <div>
          <dt>Title</dt>
          <dd>{manifest.title}</dd>
        </div>
      ) : null}
      {manifest.authors.length ? (
        <div>
          <dt>Author</dt>
          <dd data-testid="credentials-author">{manifest.authors.join(", ")}</dd>
        </div>
      ) : null}
      <div>
        <dt>Actions</dt>
        <dd>
          {manifest.actions.length
            ? manifest.actions
                .map((a) => [a.action, a.softwareAgent && `by ${a.softwareAgent}`, a.when].filter(Boolean).join(" "))
                .join("; ")
            : "none stated"}
        </dd>
      </div>
      <div>
        <dt>Signed by</dt>
        <dd>
          {[signer.commonName, signer.issuer && `issued by ${signer.issuer}`, signer.alg].filter(Boolean).join(", ") ||
            "unnamed"}
        </dd>
      </div>
      <div>
        <dt>Signed at</dt>
        <dd>{signer.time ?? "no trusted time stamp"}</dd>
      </div>
      {manifest.ingredients.length ? (
        <div>
          <dt>Made from</dt>
          <dd>
            {manifest.ingredients
              .map(
                (i) =>
                  `${i.title ?? "untitled"} (${i.relationship ?? "ingredient"}${i.hasManifest ? ", credentialed" : ""})`,
              )
              .join("; ")}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
