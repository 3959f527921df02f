import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../cli";

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {}, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** A manifest as `runClient` writes it (two files, one rightsholder), on a chain with no deployment file here. */
const manifest = {
  gateway: "http://127.0.0.1:3000",
  chainId: 99_999,
  account: "0x00000000000000000000000000000000000000c1",
  files: [
    {
      path: "bafkreia",
      cid: "bafkreia",
      sha256: "0xaa",
      size: 10,
      mediaType: "image/png",
      ipId: "1",
      licenseId: "7",
      termsId: "2",
      terms: { aiTrainingAllowed: true },
      summary: "AI training allowed for a flat fee of 100 USDCx",
      block: "12",
      downloadedAt: "2026-11-30T10:00:00.000Z",
      rightsholder: "0x00000000000000000000000000000000000000a1",
      tdm: { reservation: "1", rsl: "http://127.0.0.1:3000/api/works/1/license.rsl" },
    },
    {
      path: "bafkreib",
      cid: "bafkreib",
      sha256: "0xbb",
      size: 20,
      mediaType: "text/plain",
      ipId: "2",
      licenseId: "8",
      termsId: "2",
      terms: { aiTrainingAllowed: true },
      summary: "AI training allowed for a flat fee of 100 USDCx",
      block: "12",
      downloadedAt: "2026-11-30T11:00:00.000Z",
      rightsholder: "0x00000000000000000000000000000000000000A1",
      tdm: { reservation: "1" },
    },
  ],
};

describe("ipnft-ai-client summary", () => {
  it("prints the training-data summary of a pull's manifest as JSON, marked as a draft", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "summary-"));
    await writeFile(path.join(dir, "manifest.json"), JSON.stringify(manifest));
    const { code, out, err } = await run(["summary", "--out", dir, "--provider", "Example AI Lab"]);
    expect(code, err).toBe(0);
    const summary = JSON.parse(out);
    expect(summary.status).toBe("Draft for the provider's legal review");
    expect(summary.general.provider).toBe("Example AI Lab");
    expect(summary.licensedFromRightsholders).toMatchObject({ rightsholders: 1, works: 2, files: 2, bytes: 30 });
    expect(summary.licensedFromRightsholders.terms).toEqual([
      { termsId: "2", terms: "AI training allowed for a flat fee of 100 USDCx", files: 2 },
    ]);
    expect(summary.verifiableList.items.map((i: { cid: string; licenseId: string }) => [i.cid, i.licenseId])).toEqual([
      ["bafkreia", "7"],
      ["bafkreib", "8"],
    ]);
  });

  it("exits 1 with the reason when there is no manifest to summarise", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "summary-"));
    const { code, err } = await run(["summary", "--out", dir]);
    expect(code).toBe(1);
    expect(err).toMatch(/cannot summarise .*manifest\.json: ENOENT/);
  });

  it("exits 2 on an unknown option", async () => {
    expect((await run(["summary", "--outt", "x"])).code).toBe(2);
  });
});
