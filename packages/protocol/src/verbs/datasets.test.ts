import { hashTypedData, recoverTypedDataAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  addMembers,
  addMembersSteps,
  createDataset,
  DATASET_BATCH,
  memberConsentTypedData,
  newConsentNonce,
  payDatasetSteps,
  removeMember,
  signMemberConsent,
} from "./datasets";
import { at, deployment } from "./test-chain";

const datasets = deployment.contracts.Datasets;
const account = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

describe("creating a dataset", () => {
  it("opens the registered dataset IP with the curator's share on the Datasets contract", () => {
    expect(createDataset(deployment, 7n, 2500)).toMatchObject({
      address: datasets,
      functionName: "openDataset",
      args: [7n, 2500],
    });
  });
});

describe("adding members", () => {
  it("sends members and their consents in the same order, each kind of consent as the contract reads it", () => {
    const request = addMembers(deployment, 7n, [
      { ipId: 1n, weight: 1, consent: { kind: "owner" } },
      { ipId: 2n, weight: 2, consent: { kind: "license", licenseId: 9n } },
      { ipId: 3n, weight: 3, consent: { kind: "signature", deadline: 100n, nonce: 5n, signature: "0xab" } },
    ]);
    expect(request.functionName).toBe("addMembers");
    expect(request.args).toEqual([
      7n,
      [
        { ipId: 1n, weight: 1 },
        { ipId: 2n, weight: 2 },
        { ipId: 3n, weight: 3 },
      ],
      [
        { licenseId: 0n, deadline: 0n, nonce: 0n, signature: "0x" },
        { licenseId: 9n, deadline: 0n, nonce: 0n, signature: "0x" },
        { licenseId: 0n, deadline: 100n, nonce: 5n, signature: "0xab" },
      ],
    ]);
  });

  it("splits any number of members into transactions of at most the contract's batch", () => {
    const members = Array.from({ length: DATASET_BATCH * 2 + 1 }, (_, i) => ({
      ipId: BigInt(i + 1),
      weight: 1,
      consent: { kind: "owner" } as const,
    }));
    const steps = addMembersSteps(deployment, 7n, members);
    expect(steps.map((s) => (s.request.args[1] as unknown[]).length)).toEqual([DATASET_BATCH, DATASET_BATCH, 1]);
    expect((steps[2].request.args[1] as Array<{ ipId: bigint }>)[0].ipId).toBe(BigInt(DATASET_BATCH * 2 + 1));
  });

  it("refuses an empty or oversized batch before it costs gas", () => {
    expect(() => addMembers(deployment, 7n, [])).toThrow(/1 to 50 members, not 0/);
    const tooMany = Array.from({ length: DATASET_BATCH + 1 }, () => ({
      ipId: 1n,
      weight: 1,
      consent: { kind: "owner" } as const,
    }));
    expect(() => addMembers(deployment, 7n, tooMany)).toThrow(/not 51/);
  });
});

describe("consent", () => {
  const request = { datasetId: 7n, memberIpId: 3n, weight: 2, deadline: 1_800_000_000n, nonce: 42n };

  it("is signed in the Datasets contract's own EIP-712 domain, naming dataset, member, weight, deadline, nonce", async () => {
    const consent = await signMemberConsent(deployment, request, (typed) => account.signTypedData(typed));
    if (consent.kind !== "signature") throw new Error("expected a signature");
    expect(consent).toMatchObject({ deadline: request.deadline, nonce: request.nonce });
    const typed = memberConsentTypedData(deployment, request);
    expect(typed.domain).toEqual({ name: "IPNFT Datasets", version: "1", chainId: 31337, verifyingContract: datasets });
    expect(await recoverTypedDataAddress({ ...typed, signature: consent.signature })).toBe(account.address);
  });

  it("for another weight or another deployment is a different message", () => {
    const digest = hashTypedData(memberConsentTypedData(deployment, request));
    expect(hashTypedData(memberConsentTypedData(deployment, { ...request, weight: 3 }))).not.toBe(digest);
    const elsewhere = { ...deployment, contracts: { ...deployment.contracts, Datasets: at(0xbb) } };
    expect(hashTypedData(memberConsentTypedData(elsewhere, request))).not.toBe(digest);
  });

  it("nonces are fresh 256-bit numbers", () => {
    const nonces = new Set(Array.from({ length: 50 }, () => newConsentNonce()));
    expect(nonces.size).toBe(50);
    for (const n of nonces) expect(n < 2n ** 256n).toBe(true);
  });
});

describe("removing and paying", () => {
  it("removes one member through the batch call", () => {
    expect(removeMember(deployment, 7n, 3n)).toMatchObject({ functionName: "removeMembers", args: [7n, [3n]] });
  });

  it("approves the Datasets contract for the amount unless the allowance covers it, then pays", () => {
    const steps = payDatasetSteps(deployment, { datasetId: 7n, amount: 10n });
    expect(steps.map((s) => [s.step, s.request.functionName, s.request.args])).toEqual([
      ["approve", "approve", [datasets, 10n]],
      ["pay", "pay", [7n, 10n]],
    ]);
    expect(payDatasetSteps(deployment, { datasetId: 7n, amount: 10n, allowance: 10n }).map((s) => s.step)).toEqual([
      "pay",
    ]);
  });
});
