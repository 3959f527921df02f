import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { licenseTermsAbi } from "@ipnft/protocol/abis";
import { identifyFile } from "@ipnft/protocol/content";
import { legalDocumentCid, presetLegalDocuments } from "@ipnft/protocol/legal";
import type { ErrorBody, LegalDocumentAnswer, UploadAnswer, WorkTermsAnswer } from "../src/api";
import { gatewayOnChain, json, ORIGIN, Preset, type Wallet } from "./setup";

const markdown = (text: string) => new TextEncoder().encode(text);

describe("license documents by content (/api/legal)", () => {
  let t: Awaited<ReturnType<typeof gatewayOnChain>>;
  before(async () => {
    t = await gatewayOnChain();
  });

  async function postDocument(as: Wallet | undefined, bytes: Uint8Array, type: string, name = "licence.md") {
    const form = new FormData();
    form.set("file", new File([new Uint8Array(bytes)], name, { type }));
    return t.call("/api/legal", { as, method: "POST", body: form });
  }

  it("serves every preset's document under the CID the chain names it by, immutable, as Markdown", async () => {
    for (const termsId of Object.values(Preset)) {
      const terms = await t.chain.publicClient.readContract({
        address: t.contracts.LicenseTerms,
        abi: licenseTermsAbi,
        functionName: "getTerms",
        args: [termsId],
      });
      const cid = legalDocumentCid(terms.legalTextURI);
      assert.ok(cid, `preset ${termsId} names a content-addressed document, not ${terms.legalTextURI}`);
      const response = await t.call(`/api/legal/${cid}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "text/markdown; charset=utf-8");
      assert.match(response.headers.get("cache-control") ?? "", /immutable/);
      assert.equal(response.headers.get("etag"), `"${cid}"`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      assert.equal((await identifyFile(bytes)).cid, cid, "the bytes served are the bytes the CID names");
      assert.match(new TextDecoder().decode(bytes), /Template for legal review/);
    }
    assert.equal(Object.values(Preset).length, presetLegalDocuments.length);
  });

  it("answers an unknown CID with 404 and a malformed one with 400, both in JSON", async () => {
    const unknown = (await identifyFile(markdown("# A licence nobody stored\n"))).cid;
    const missing = await t.call(`/api/legal/${unknown}`);
    assert.equal(missing.status, 404);
    assert.equal((await json<ErrorBody>(missing)).error, "unknown_legal_document");
    for (const bad of [
      "not-a-cid",
      unknown.toUpperCase(),
      "..%2F..%2Fpackage.json",
      "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
    ]) {
      const response = await t.call(`/api/legal/${bad}`);
      assert.equal(response.status, 400, bad);
      assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
      assert.equal((await json<ErrorBody>(response)).error, "malformed_cid");
    }
  });

  it("never serves a gated original, whatever CID it is asked for", async () => {
    const original = markdown(`# A work, not a licence ${Math.random()}\n`);
    const uploaded = await json<UploadAnswer>(await t.upload(t.artist, original, "text/markdown"));
    const response = await t.call(`/api/legal/${uploaded.cid}`);
    assert.equal(response.status, 404);
  });

  it("stores an uploaded document by content and serves it back; custom terms naming it link to it", async () => {
    const text = markdown(`# Licence: my own terms\n\nTemplate for legal review. ${Math.random()}\n`);
    const response = await postDocument(t.artist, text, "text/markdown");
    assert.equal(response.status, 201);
    const stored = await json<LegalDocumentAnswer>(response);
    const { cid } = await identifyFile(text);
    assert.deepEqual([stored.cid, stored.uri, stored.mediaType], [cid, `ipfs://${cid}`, "text/markdown"]);
    assert.equal(stored.url, `${ORIGIN}/api/legal/${cid}`);
    assert.equal((await postDocument(t.artist, text, "text/markdown")).status, 200, "the same bytes again: no-op");

    const served = await t.gateway.handle(new Request(stored.url));
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("content-type"), "text/markdown; charset=utf-8");
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), text);

    // Custom terms name the document; the terms JSON and the RSL link to where it is served.
    const termsId = await t.meteredTerms({ maxUnpaidUnits: 3n, legalTextURI: stored.uri });
    const work = await json<UploadAnswer>(await t.upload(t.artist, markdown(`work ${Math.random()}`), "text/plain"));
    const ipId = await t.register(t.artist, work, [termsId, Preset.AiTrainingPayPerFile]);
    const terms = await json<WorkTermsAnswer>(await t.call(`/api/works/${ipId}/terms`));
    const offer = (id: bigint) => terms.offers.find((o) => o.termsId === id.toString());
    assert.equal(offer(termsId)?.legalTextUrl, stored.url);
    const perFileCid = presetLegalDocuments[4].cid;
    assert.equal(offer(Preset.AiTrainingPayPerFile)?.legalTextUrl, `${ORIGIN}/api/legal/${perFileCid}`);
    const rsl = await (await t.call(`/api/works/${ipId}/license.rsl`)).text();
    assert.ok(rsl.includes(`<custom>${stored.url}</custom>`), "the RSL names the custom terms' document");
    assert.ok(rsl.includes(`<custom>${ORIGIN}/api/legal/${perFileCid}</custom>`), "and the preset's");
  });

  it("accepts plain text and PDF, refuses other types, and needs a signed-in uploader", async () => {
    const pdf = markdown(`%PDF-1.7\n% a licence ${Math.random()}\n%%EOF\n`);
    const storedPdf = await json<LegalDocumentAnswer>(await postDocument(t.artist, pdf, "application/pdf", "l.pdf"));
    assert.equal(storedPdf.mediaType, "application/pdf");
    const servedPdf = await t.call(`/api/legal/${storedPdf.cid}`);
    assert.equal(servedPdf.headers.get("content-type"), "application/pdf");
    assert.equal(servedPdf.headers.get("content-disposition"), `attachment; filename="${storedPdf.cid}.pdf"`);

    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const refused = await postDocument(t.artist, png, "image/png", "l.png");
    assert.equal(refused.status, 415);
    assert.match((await json<ErrorBody>(refused)).reason, /Markdown, plain text or a PDF/);
    const html = await postDocument(t.artist, markdown("<script>alert(1)</script>"), "text/html", "l.html");
    assert.equal(html.status, 415, "HTML is never stored to be served from the gateway's origin");

    const anonymous = await postDocument(undefined, markdown("# Anyone's licence\n"), "text/markdown");
    assert.equal(anonymous.status, 401);
    const empty = await postDocument(t.artist, new Uint8Array(), "text/markdown");
    assert.equal(empty.status, 400);
  });
});
