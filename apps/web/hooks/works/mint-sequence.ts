import { type ContentCredentials, manifestHashToRegister } from "@ipnft/gateway/api";
import type { FileIdentity } from "@ipnft/protocol/content";
import type { Deployment } from "@ipnft/protocol/deployment";
import { groupDigits } from "@ipnft/protocol/format";
import type { Terms } from "@ipnft/protocol/terms";
import {
  type ChainReader,
  connectPool,
  enableShares,
  ipIdOfContentHash,
  openSale,
  registerTerms,
  registrationSteps,
  sharesOf,
  termsIdOf,
} from "@ipnft/protocol/verbs";
import type { Kind, WorkMetadata } from "@ipnft/protocol/work-metadata";
import { type Address, type Hex, parseUnits } from "viem";
import { explainError } from "@/lib/errors";
import type { Send } from "../useTx";

/**
 * The artist's mint, as a sequence apart from any screen: what the form's fields must say (`planMint`), then the
 * gateway and chain steps in order (`runMint`), each reported as it starts, ends or fails. Everything it touches
 * (gateway, wallet, chain reads) is handed in, so it runs in a unit test without a chain.
 */

export type MintStep = "signin" | "upload" | "metadata" | "terms" | "register" | "shares" | "sale";
export type StepState = "waiting" | "doing" | "done" | "failed";

export const mintStepWords: Record<MintStep, string> = {
  signin: "Sign in to the gateway with your wallet",
  upload: "Upload the file (the gateway checks it has the same CID)",
  metadata: "Store the title, description and CIDs as metadata",
  terms: "Write your own terms on chain",
  register: "Register the IP-NFT with its birth certificate",
  shares: "Create its revenue shares and royalty pool, and connect you to it",
  sale: "Offer shares to fans",
};

/** The form as the artist filled it in. */
export interface MintForm {
  file?: File;
  /** Set once the browser has hashed the file. */
  identity?: FileIdentity;
  /** The IP these bytes are already registered as. */
  existing?: bigint;
  kind: Kind;
  title: string;
  description: string;
  /** Comma separated. */
  tags: string;
  /** The resale royalty, a percentage. */
  royaltyPct: string;
  presetIds: readonly bigint[];
  /** Terms the artist wrote, when they chose to: the terms, or why they are not valid. */
  customTerms: { terms: Terms } | { problem: string } | null;
  parentLicenseIds: readonly bigint[];
  withShares: boolean;
  sharesOffered: string;
  sharePrice: string;
}

/** A mint whose every field checked out. */
export interface MintPlan {
  file: File;
  identity: FileIdentity;
  kind: Kind;
  title: string;
  description: string;
  tags: string[];
  royaltyBps: number;
  presetIds: bigint[];
  customTerms?: Terms;
  parentLicenseIds: bigint[];
  /** Absent when the artist creates no revenue shares. */
  shares?: { offered: bigint; price: bigint };
}

/** Checks the form; returns the plan, or the first problem in words. */
export function planMint(
  form: MintForm,
  context: { account?: Address; shareSupply: bigint; decimals: number },
): { plan: MintPlan } | { problem: string } {
  const problem = (words: string) => ({ problem: words });
  if (!context.account) return problem("Connect a wallet first: the IP-NFT is minted to it.");
  if (!form.file || !form.identity) return problem("Choose a file first, and let it finish hashing.");
  if (form.existing) {
    return problem(`These bytes are already registered as IP #${form.existing}: a file has one birth certificate.`);
  }
  const title = form.title.trim();
  if (!title) return problem("Give the work a title.");
  const royalty = Number(form.royaltyPct);
  if (!Number.isFinite(royalty) || royalty < 0 || royalty > 10) {
    return problem("The resale royalty is a percentage from 0 to 10.");
  }
  if (form.customTerms && "problem" in form.customTerms) return problem(form.customTerms.problem);
  if (form.presetIds.length === 0 && !form.customTerms) {
    return problem("Pick at least one license to offer, or write your own terms.");
  }
  let shares: MintPlan["shares"];
  if (form.withShares) {
    const offeredText = form.sharesOffered.trim();
    if (!/^\d+$/.test(offeredText)) return problem("Shares to offer must be a whole number (0 to keep them all).");
    const offered = BigInt(offeredText);
    if (offered > context.shareSupply) {
      return problem(`A work has ${groupDigits(context.shareSupply)} shares: you cannot offer more.`);
    }
    let price: bigint;
    try {
      price = parseUnits(form.sharePrice.trim(), context.decimals);
    } catch {
      return problem("Enter a share price such as 0.001.");
    }
    if (offered > 0n && price === 0n) return problem("Set a price above zero for the shares you offer.");
    shares = { offered, price };
  }
  return {
    plan: {
      file: form.file,
      identity: form.identity,
      kind: form.kind,
      title,
      description: form.description.trim(),
      tags: form.tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean)
        .slice(0, 12),
      royaltyBps: Math.round(royalty * 100),
      presetIds: [...form.presetIds],
      customTerms: form.customTerms?.terms,
      parentLicenseIds: [...form.parentLicenseIds],
      shares,
    },
  };
}

/** The steps a mint of this shape goes through, in order, for the progress list. */
export function mintSteps(shape: { customTerms: boolean; withShares: boolean; offersShares: boolean }): MintStep[] {
  return [
    "signin",
    "upload",
    "metadata",
    ...(shape.customTerms ? (["terms"] as const) : []),
    "register",
    ...(shape.withShares ? (["shares"] as const) : []),
    ...(shape.withShares && shape.offersShares ? (["sale"] as const) : []),
  ];
}

/** What a mint touches outside itself. */
export interface MintEffects {
  deployment: Deployment;
  account: Address;
  client: ChainReader;
  send: Send;
  ensureSignedIn: () => Promise<void>;
  uploadOriginal: (
    file: File,
    name: string,
  ) => Promise<{
    cid: string;
    sha256: string;
    mediaType: string;
    previewCid?: string;
    perceptualHash?: string;
    similar?: UploadLikeness;
    contentCredentials?: ContentCredentials;
  }>;
  storeMetadata: (metadata: WorkMetadata) => Promise<{ cidBytes: Hex }>;
  onStep: (step: MintStep, state: StepState) => void;
  /** What the registrant should know that is not a failure: the registered works their image looks like. */
  onNotice?: (words: string) => void;
  now?: () => Date;
}

/** The gateway's flag on an upload that looks like registered works (`UploadAnswer.similar`, ids as strings). */
export interface UploadLikeness {
  matches: { ipId: string; similarity: number; name?: string }[];
  deriveFrom: { ipId: string; licenseId: string }[];
}

/**
 * The gateway accepts an image like another creator's work only from a holder of a license of it that allows
 * derivatives, and then says it must be registered as a derivative: the registration names those licenses as parents
 * (besides the ones the artist chose), and the artist is told why.
 */
export function derivativeParents(chosen: readonly bigint[], similar: UploadLikeness | undefined) {
  const parents = [...chosen];
  for (const { licenseId } of similar?.deriveFrom ?? []) {
    if (!parents.includes(BigInt(licenseId))) parents.push(BigInt(licenseId));
  }
  const named = (similar?.matches ?? []).map(
    (m) => `IP #${m.ipId}${m.name ? ` “${m.name}”` : ""} (${Math.round(m.similarity * 100)}% similar)`,
  );
  let notice: string | undefined;
  if (similar?.deriveFrom.length) {
    const ids = similar.deriveFrom.map((d) => `IP #${d.ipId} (your license #${d.licenseId})`).join(", ");
    notice = `This image looks like ${named.join(", ")}. It is registered as a derivative of ${ids}, as its license allows.`;
  } else if (named.length > 0) {
    notice = `This image looks like your own ${named.join(", ")}: it is registered as a work of its own.`;
  }
  return { parents, notice };
}

export type MintOutcome = { ipId: bigint } | { failedAt: MintStep; problem?: string };

/** Resolves once the chain has a block after the one that is latest now (polling; blocks come every few seconds). */
export async function laterBlock(client: Pick<ChainReader, "getBlock">, pollMs = 250): Promise<void> {
  const start = (await client.getBlock()).number;
  while ((await client.getBlock()).number <= start) await new Promise((resolve) => setTimeout(resolve, pollMs));
}

/** A transaction the transactor already reported, in words, on its status line. */
class TxFailed extends Error {}

/** Runs a planned mint: gateway sign-in, upload, metadata, own terms, registration, shares, sale. */
export async function runMint(plan: MintPlan, effects: MintEffects): Promise<MintOutcome> {
  const { deployment, client, onStep } = effects;
  const send = async (label: string, request: Parameters<Send>[1]) => {
    if (!(await effects.send(label, request))) throw new TxFailed();
  };
  let current: MintStep = "signin";
  const step = async <T>(name: MintStep, work: () => Promise<T>): Promise<T> => {
    current = name;
    onStep(name, "doing");
    const result = await work();
    onStep(name, "done");
    return result;
  };
  const { identity } = plan;
  try {
    await step("signin", effects.ensureSignedIn);

    const uploaded = await step("upload", async () => {
      const answer = await effects.uploadOriginal(plan.file, plan.file.name);
      if (answer.cid !== identity.cid || answer.sha256.toLowerCase() !== identity.sha256.toLowerCase()) {
        throw new Error(
          `The gateway computed CID ${answer.cid}, but your browser computed ${identity.cid}: the file changed on the way. Nothing was registered.`,
        );
      }
      return answer;
    });
    const { parents, notice } = derivativeParents(plan.parentLicenseIds, uploaded.similar);
    if (notice) effects.onNotice?.(notice);

    const stored = await step("metadata", () =>
      effects.storeMetadata({
        name: plan.title,
        description: plan.description,
        kind: plan.kind,
        media: { cid: identity.cid, sha256: identity.sha256, mediaType: uploaded.mediaType, size: identity.size },
        ...(uploaded.previewCid ? { preview: uploaded.previewCid } : {}),
        image: `ipfs://${identity.cid}`,
        creator: effects.account,
        createdAt: (effects.now?.() ?? new Date()).toISOString(),
        tags: plan.tags,
        ...(uploaded.perceptualHash ? { perceptualHash: uploaded.perceptualHash } : {}),
      }),
    );

    const termsIds = [...plan.presetIds];
    const custom = plan.customTerms;
    if (custom) {
      await step("terms", async () => {
        let id = await termsIdOf(client, deployment, custom);
        if (id === 0n) {
          await send("Write your terms on chain", registerTerms(deployment, custom));
          id = await termsIdOf(client, deployment, custom);
        }
        if (!termsIds.includes(id)) termsIds.push(id);
      });
    }

    const ipId = await step("register", async () => {
      const registration = {
        kind: plan.kind,
        contentHash: identity.sha256,
        contentCid: identity.cidBytes,
        metadataCid: stored.cidBytes,
        // The certificate commits to the file's C2PA manifest store only when the gateway's SDK validated it.
        c2paManifestHash: manifestHashToRegister(uploaded.contentCredentials),
        royaltyBps: plan.royaltyBps,
        parentLicenseIds: parents,
        termsIds,
      };
      // Commit, then reveal in a later block: a copy of the reveal is worthless to anyone but this account.
      const words = {
        commit: `Commit to registering “${plan.title}” (1 of 2)`,
        register: `Register “${plan.title}” (2 of 2)`,
      };
      for (const { step: which, request } of registrationSteps(deployment, registration, {
        creator: effects.account,
      })) {
        // The registry takes the reveal only in a block after its commitment's, and the transactor simulates it
        // against the latest block first: wait for the chain to move on.
        if (which === "register") await laterBlock(client);
        await send(words[which], request);
      }
      return ipIdOfContentHash(client, deployment, identity.sha256);
    });

    const { shares } = plan;
    if (shares) {
      const { shareToken } = await step("shares", async () => {
        await send("Create revenue shares and the royalty pool", enableShares(deployment, ipId));
        const created = await sharesOf(client, deployment, ipId);
        if (!created) throw new Error("The shares were not created.");
        // Connected, the artist's royalties land in their balance second by second instead of waiting in the pool.
        await send("Connect to your royalty pool", connectPool(deployment, created.pool));
        return created;
      });
      if (shares.offered > 0n) {
        await step("sale", () =>
          send(
            `Offer ${groupDigits(shares.offered)} shares to fans`,
            openSale(shareToken, shares.offered, shares.price),
          ),
        );
      }
    }
    return { ipId };
  } catch (error) {
    onStep(current, "failed");
    return error instanceof TxFailed ? { failedAt: current } : { failedAt: current, problem: explainError(error) };
  }
}
