import type { ContentCredentials, OnWire, WorkCredentialsAnswer } from "@ipnft/gateway/api";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CredentialsBody } from "./ContentCredentials";

const hash = `0x${"ab".repeat(32)}` as const;
const manifest = {
  label: "urn:c2pa:1",
  claimGenerator: "Test Camera 2.1",
  actions: [{ action: "c2pa.created" }],
  authors: ["Ada Lovelace"],
  signer: { commonName: "Test camera", issuer: "Camera maker", alg: "Es256" },
  ingredients: [],
};
const answer = (over: Partial<OnWire<WorkCredentialsAnswer>>): OnWire<WorkCredentialsAnswer> => ({
  ipId: "7",
  cid: "bafkfile",
  certificateManifestHash: hash,
  commitment: "matches",
  credentials: { state: "valid", manifestHash: hash, trusted: true, codes: [], manifest },
  ...over,
});

describe("the work page's content credentials", () => {
  it("shows a valid manifest's claims and that the certificate's hash commits to it", () => {
    const text = renderToStaticMarkup(<CredentialsBody answer={answer({})} />);
    expect(text).toContain("Valid content credentials");
    expect(text).toContain("chains to a CA this gateway trusts");
    expect(text).toContain("Test Camera 2.1");
    expect(text).toContain("Ada Lovelace");
    expect(text).toContain("c2pa.created");
    expect(text).toContain("Test camera, issued by Camera maker, Es256");
    expect(text).toContain("are the ones the creator registered");
    expect(text).toContain(hash);
  });

  it("says an invalid manifest is invalid and why, and that nothing in it is trusted", () => {
    const reason = "content credentials present but invalid: assertion.dataHash.mismatch";
    const credentials: ContentCredentials = {
      state: "invalid",
      manifestHash: hash,
      trusted: false,
      codes: ["x"],
      reason,
    };
    const text = renderToStaticMarkup(
      <CredentialsBody answer={answer({ credentials, commitment: "none", certificateManifestHash: null })} />,
    );
    expect(text).toContain(reason);
    expect(text).toContain("Nothing in them is trusted.");
    expect(text).toContain("The certificate records no content credentials");
    expect(text).not.toContain("Valid content credentials");
  });

  it("says when the original carries none", () => {
    const text = renderToStaticMarkup(
      <CredentialsBody
        answer={answer({ credentials: { state: "none" }, commitment: "none", certificateManifestHash: null })}
      />,
    );
    expect(text).toContain("The original carries no content credentials");
  });
});
