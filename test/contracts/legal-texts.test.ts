import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { identifyFile } from "@ipnft/protocol/content";
import { presetLegalDocuments, presetLegalTextUris } from "@ipnft/protocol/legal";
import { deployedChain } from "../helpers/chain";
import { addresses, type Chain } from "../helpers/protocol";

const legalDir = path.resolve(import.meta.dirname, "../../packages/protocol/legal");

describe("LicenseTerms presets name their legal documents by content", () => {
  let chain: Chain;
  let contract: Awaited<ReturnType<Chain["viem"]["getContractAt"]>>;
  before(async () => {
    chain = await deployedChain();
    contract = await chain.viem.getContractAt("LicenseTerms", addresses(chain).terms);
  });

  it("each deployed preset's legalTextURI is ipfs://<CID of its document's bytes in the repository>", async () => {
    const [names, ids] = (await contract.read.presets()) as [string[], bigint[]];
    assert.equal(names.length, presetLegalDocuments.length);
    for (const [i, name] of names.entries()) {
      const doc = presetLegalDocuments.find((d) => d.preset === name);
      assert.ok(doc, `a document for the preset "${name}"`);
      const { cid } = await identifyFile(new Uint8Array(readFileSync(path.join(legalDir, doc.file))));
      const terms = (await contract.read.getTerms([ids[i]])) as { legalTextURI: string };
      assert.equal(terms.legalTextURI, `ipfs://${cid}`, name);
    }
  });

  it("a deployment refuses an empty preset legal text, naming the error", async () => {
    const uris = presetLegalTextUris();
    uris[4] = "";
    await chain.viem.assertions.revertWithCustomError(
      chain.viem.deployContract("LicenseTerms", [addresses(chain).superToken, uris]),
      contract,
      "LicenseTermsMissingLegalText",
    );
  });
});
