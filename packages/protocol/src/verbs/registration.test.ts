import { encodeAbiParameters, encodeEventTopics, type Log, pad, parseAbiParameters } from "viem";
import { describe, expect, it } from "vitest";
import { iPRegistryAbi } from "../generated/abis";
import { registeredIpId, registration, registrationCommitment, registrationSteps } from "./registration";
import { at, deployment } from "./test-chain";

const content = { contentHash: pad("0x01"), contentCid: "0x0155" as const, metadataCid: "0x0156" as const };

describe("registering an IP", () => {
  it("commits first, then reveals with the same salt, terms attached in the reveal", () => {
    const salt = pad("0x5a");
    const steps = registrationSteps(
      deployment,
      { ...content, kind: "Style", termsIds: [2n, 3n] },
      { creator: at(3), salt },
    );
    expect(steps.map((s) => s.step)).toEqual(["commit", "register"]);
    expect(steps[0].request).toMatchObject({
      address: deployment.contracts.IPRegistry,
      functionName: "commitRegistration",
    });
    expect(steps[0].request.args[0]).toBe(registrationCommitment(content.contentHash, at(3), salt));
    expect(steps[1].request).toMatchObject({ address: deployment.contracts.IPRegistry, functionName: "register" });
    expect(steps[1].request.args[0]).toMatchObject({ kind: 1, termsIds: [2n, 3n] });
    expect(steps[1].request.args[1]).toBe(salt);
  });

  it("binds the commitment to the creator, so another account's commitment differs", () => {
    const salt = pad("0x5a");
    expect(registrationCommitment(content.contentHash, at(3), salt)).not.toBe(
      registrationCommitment(content.contentHash, at(4), salt),
    );
  });

  it("draws a fresh salt for every registration unless one is given", () => {
    const [a] = registrationSteps(deployment, content, { creator: at(3) });
    const [b] = registrationSteps(deployment, content, { creator: at(3) });
    expect(a.request.args[0]).not.toBe(b.request.args[0]);
  });

  it("defaults to a work with a 5% resale royalty, no C2PA manifest, no parents and no terms", () => {
    expect(registration(content)).toEqual({
      ...content,
      kind: 0,
      c2paManifestHash: pad("0x00"),
      royaltyBps: 500,
      parentLicenseIds: [],
      termsIds: [],
    });
  });

  it("reads the new IP's id from the receipt's IPRegistered event", () => {
    const topics = encodeEventTopics({
      abi: iPRegistryAbi,
      eventName: "IPRegistered",
      args: { ipId: 42n, creator: at(3), contentHash: content.contentHash },
    });
    const data = encodeAbiParameters(parseAbiParameters("uint8, bytes, bytes, bytes32, uint16, uint40"), [
      0,
      content.contentCid,
      content.metadataCid,
      pad("0x00"),
      500,
      1_700_000_000,
    ]);
    const log = { address: deployment.contracts.IPRegistry, topics, data } as unknown as Log;
    expect(registeredIpId([log])).toBe(42n);
    expect(registeredIpId([])).toBeUndefined();
  });
});
