import type { ContentCredentials } from "@ipnft/gateway/api";
import type { Deployment } from "@ipnft/protocol/deployment";
import type { Terms } from "@ipnft/protocol/terms";
import type { ChainReader, ContractWrite } from "@ipnft/protocol/verbs";
import type { Registration } from "@ipnft/protocol/verbs/registration";
import { type Address, type Hex, parseUnits, zeroAddress, zeroHash } from "viem";
import { describe, expect, it } from "vitest";
import {
  derivativeParents,
  laterBlock,
  type MintForm,
  type MintPlan,
  type MintStep,
  planMint,
  runMint,
  type StepState,
} from "./mint-sequence";

const at = (n: number): Address => `0x${n.toString(16).padStart(40, "0")}`;
const deployment = {
  chainId: 31337,
  startBlock: 1,
  currency: { superToken: at(0xc2), underlying: at(0xc1), decimals: 18 },
  superfluid: { gdaV1Forwarder: at(0x57) },
  contracts: { IPRegistry: at(0xa1), LicenseTerms: at(0xa2), LicenseToken: at(0xa3), RoyaltyPools: at(0xa4) },
} as unknown as Deployment;
const artist = at(0xa7);
const [shareToken, pool] = [at(0x5a), at(0x9a)];
const identity = { sha256: `0x${"ab".repeat(32)}` as Hex, cid: "bafkfile", cidBytes: "0x0155" as Hex, size: 3 };
const customTerms = { aiTrainingAllowed: true, upfrontFee: 7n } as unknown as Terms;
const file = new File([new Uint8Array([1, 2, 3])], "tide-pools.png", { type: "image/png" });

const form: MintForm = {
  file,
  identity,
  kind: "Style",
  title: " Tide pools ",
  description: "",
  tags: "sea, , rock",
  royaltyPct: "7.5",
  presetIds: [2n],
  customTerms: null,
  parentLicenseIds: [9n],
  withShares: true,
  sharesOffered: "100000",
  sharePrice: "0.001",
};
const context = { account: artist, shareSupply: 1_000_000n, decimals: 18 };

function planOf(change: Partial<MintForm> = {}): MintPlan {
  const planned = planMint({ ...form, ...change }, context);
  if ("problem" in planned) throw new Error(planned.problem);
  return planned.plan;
}

/** A mint against stubs: the chain answers from `chain`, the wallet confirms unless told to refuse a function. */
function harness(
  options: { customTermsId?: bigint[]; refuse?: string; uploadedCid?: string; credentials?: ContentCredentials } = {},
) {
  const sent: Array<{ label: string; request: ContractWrite }> = [];
  const marks: Array<[MintStep, StepState]> = [];
  const termsIds = [...(options.customTermsId ?? [0n, 11n])];
  const answers: Record<string, () => unknown> = {
    termsIdOf: () => termsIds.shift(),
    ipIdOfContentHash: () => 42n,
    shareTokenOf: () => (sent.some((s) => s.request.functionName === "enableShares") ? shareToken : zeroAddress),
    poolOf: () => pool,
  };
  let block = 100n; // every look at the chain finds a newer block, as a chain mining every second would
  const client = {
    readContract: async ({ functionName }: { functionName: string }) => answers[functionName](),
    getBlock: async () => ({ number: block++ }),
  } as unknown as ChainReader;
  const effects = {
    deployment,
    account: artist,
    client,
    send: async (label: string, request: ContractWrite) => {
      sent.push({ label, request });
      return request.functionName !== options.refuse;
    },
    ensureSignedIn: async () => undefined,
    uploadOriginal: async () => ({
      cid: options.uploadedCid ?? identity.cid,
      sha256: identity.sha256.toUpperCase().replace("0X", "0x"),
      mediaType: "image/png",
      previewCid: "bafkpreview",
      contentCredentials: options.credentials ?? { state: "none" },
    }),
    stored: [] as unknown[],
    storeMetadata: async (metadata: unknown) => {
      effects.stored.push(metadata);
      return { cidBytes: "0x0156" as Hex };
    },
    onStep: (step: MintStep, state: StepState) => marks.push([step, state]),
    now: () => new Date("2026-01-02T03:04:05Z"),
  };
  return { effects, sent, marks };
}

describe("checking the mint form", () => {
  it("turns the fields into a plan: trimmed title, tags, royalty in basis points, share price in wei", () => {
    expect(planOf()).toMatchObject({
      title: "Tide pools",
      tags: ["sea", "rock"],
      royaltyBps: 750,
      presetIds: [2n],
      parentLicenseIds: [9n],
      shares: { offered: 100_000n, price: parseUnits("0.001", 18) },
    });
  });

  it("asks for a wallet before anything else", () => {
    expect(planMint(form, { ...context, account: undefined })).toEqual({
      problem: "Connect a wallet first: the IP-NFT is minted to it.",
    });
  });

  it("refuses bytes that already have a birth certificate, naming the IP", () => {
    expect(planMint({ ...form, existing: 3n }, context)).toEqual({
      problem: "These bytes are already registered as IP #3: a file has one birth certificate.",
    });
  });

  it("keeps the resale royalty between 0 and 10 percent", () => {
    expect(planMint({ ...form, royaltyPct: "12" }, context)).toEqual({
      problem: "The resale royalty is a percentage from 0 to 10.",
    });
  });

  it("needs at least one license on offer", () => {
    expect(planMint({ ...form, presetIds: [] }, context)).toEqual({
      problem: "Pick at least one license to offer, or write your own terms.",
    });
  });

  it("passes on why the artist's own terms are not valid", () => {
    expect(planMint({ ...form, customTerms: { problem: "The terms need a legal text." } }, context)).toEqual({
      problem: "The terms need a legal text.",
    });
  });

  it("offers no more shares than a work has, and none for free", () => {
    expect(planMint({ ...form, sharesOffered: "1000001" }, context)).toEqual({
      problem: "A work has 1,000,000 shares: you cannot offer more.",
    });
    expect(planMint({ ...form, sharePrice: "0" }, context)).toEqual({
      problem: "Set a price above zero for the shares you offer.",
    });
  });
});

describe("running the mint", () => {
  it("registers with the artist's own terms written first, then creates, connects and offers shares", async () => {
    const { effects, sent, marks } = harness();
    const outcome = await runMint(planOf({ customTerms: { terms: customTerms } }), effects);
    expect(outcome).toEqual({ ipId: 42n });
    expect(sent.map((s) => [s.label, s.request.functionName])).toEqual([
      ["Write your terms on chain", "registerTerms"],
      ["Commit to registering “Tide pools” (1 of 2)", "commitRegistration"],
      ["Register “Tide pools” (2 of 2)", "register"],
      ["Create revenue shares and the royalty pool", "enableShares"],
      ["Connect to your royalty pool", "connectPool"],
      ["Offer 100,000 shares to fans", "openSale"],
    ]);
    expect(sent[2].request.args[0]).toMatchObject({
      kind: 1,
      contentHash: identity.sha256,
      contentCid: identity.cidBytes,
      metadataCid: "0x0156",
      royaltyBps: 750,
      parentLicenseIds: [9n],
      termsIds: [2n, 11n],
    });
    expect(sent[4].request.args).toEqual([pool, "0x"]);
    expect(sent[5].request).toMatchObject({ address: shareToken, args: [100_000n, parseUnits("0.001", 18)] });
    const steps: MintStep[] = ["signin", "upload", "metadata", "terms", "register", "shares", "sale"];
    expect(marks).toEqual(
      steps.flatMap((s) => [
        [s, "doing"],
        [s, "done"],
      ]),
    );
  });

  it("records the C2PA manifest store's hash in the certificate when the gateway validated it, and zero otherwise", async () => {
    const manifestHash = `0x${"c2".repeat(32)}` as Hex;
    const valid: ContentCredentials = { state: "valid", manifestHash, trusted: false, codes: [] };
    const reason = "content credentials present but invalid: x";
    const invalid: ContentCredentials = { state: "invalid", manifestHash, trusted: false, codes: ["x"], reason };
    const registered = async (credentials: ContentCredentials) => {
      const { effects, sent } = harness({ credentials });
      await runMint(planOf(), effects);
      const register = sent.find((s) => s.request.functionName === "register");
      return (register?.request.args[0] as Registration | undefined)?.c2paManifestHash;
    };
    expect(await registered(valid)).toBe(manifestHash);
    expect(await registered(invalid)).toBe(zeroHash);
    expect(await registered({ state: "none" })).toBe(zeroHash);
  });

  it("describes the work in metadata that names the file's CID, the preview and the artist", async () => {
    const { effects } = harness();
    await runMint(planOf(), effects);
    expect(effects.stored).toEqual([
      {
        name: "Tide pools",
        description: "",
        kind: "Style",
        media: { cid: "bafkfile", sha256: identity.sha256, mediaType: "image/png", size: 3 },
        preview: "bafkpreview",
        image: "ipfs://bafkfile",
        creator: artist,
        createdAt: "2026-01-02T03:04:05.000Z",
        tags: ["sea", "rock"],
      },
    ]);
  });

  it("reuses terms already on chain instead of writing them again", async () => {
    const { effects, sent } = harness({ customTermsId: [5n] });
    await runMint(planOf({ customTerms: { terms: customTerms } }), effects);
    expect(sent.map((s) => s.request.functionName)).not.toContain("registerTerms");
    expect(sent[1].request.args[0]).toMatchObject({ termsIds: [2n, 5n] });
  });

  it("registers nothing when the gateway's CID differs from the browser's", async () => {
    const { effects, sent, marks } = harness({ uploadedCid: "bafkother" });
    const outcome = await runMint(planOf(), effects);
    expect(outcome).toMatchObject({ failedAt: "upload" });
    expect((outcome as { problem: string }).problem).toMatch(/the file changed on the way. Nothing was registered./);
    expect(sent).toEqual([]);
    expect(marks.at(-1)).toEqual(["upload", "failed"]);
  });

  it("stops at a transaction the wallet refused, leaving its words to the transactor", async () => {
    const { effects, sent, marks } = harness({ refuse: "register" });
    expect(await runMint(planOf(), effects)).toEqual({ failedAt: "register" });
    expect(sent.map((s) => s.request.functionName)).toEqual(["commitRegistration", "register"]);
    expect(marks.at(-1)).toEqual(["register", "failed"]);
  });

  it("keeps every share when none are offered, and creates none when shares are off", async () => {
    const keep = harness();
    await runMint(planOf({ sharesOffered: "0" }), keep.effects);
    expect(keep.sent.map((s) => s.request.functionName)).toEqual([
      "commitRegistration",
      "register",
      "enableShares",
      "connectPool",
    ]);
    const none = harness();
    await runMint(planOf({ withShares: false }), none.effects);
    expect(none.sent.map((s) => s.request.functionName)).toEqual(["commitRegistration", "register"]);
  });
});

describe("waiting for a later block before the reveal", () => {
  it("resolves only once the chain reports a block after the latest one at the start", async () => {
    const numbers = [7n, 7n, 7n, 8n];
    const seen: bigint[] = [];
    const client = {
      getBlock: async () => {
        const number = numbers.shift() ?? 8n;
        seen.push(number);
        return { number };
      },
    };
    await laterBlock(client as never, 1);
    expect(seen).toEqual([7n, 7n, 7n, 8n]);
  });
});

describe("an upload the gateway flags as looking like registered works", () => {
  const matches = [{ ipId: "3", similarity: 0.91, name: "Dusk" }];

  it("registers it as a derivative of the work the gateway named, through the license that allows it", () => {
    const { parents, notice } = derivativeParents([9n], { matches, deriveFrom: [{ ipId: "3", licenseId: "12" }] });
    expect(parents).toEqual([9n, 12n]);
    expect(notice).toBe(
      "This image looks like IP #3 “Dusk” (91% similar). It is registered as a derivative of IP #3 (your license #12), as its license allows.",
    );
  });

  it("keeps a license the artist already chose once, and flags the artist's own variant without parents", () => {
    expect(derivativeParents([12n], { matches, deriveFrom: [{ ipId: "3", licenseId: "12" }] }).parents).toEqual([12n]);
    const own = derivativeParents([], { matches, deriveFrom: [] });
    expect(own.parents).toEqual([]);
    expect(own.notice).toBe(
      "This image looks like your own IP #3 “Dusk” (91% similar): it is registered as a work of its own.",
    );
    expect(derivativeParents([], undefined)).toEqual({ parents: [], notice: undefined });
  });
});
