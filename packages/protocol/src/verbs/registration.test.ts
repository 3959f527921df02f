import { encodeAbiParameters, encodeEventTopics, type Log, pad, parseAbiParameters } from "viem";
import { describe, expect, it } from "vitest";
import { iPRegistryAbi } from "../generated/abis";
import { registeredIpId, registration, registrationSteps } from "./registration";
import { at, deployment } from "./test-chain";

const content = { contentHash: pad("0x01"), contentCid: "0x0155" as const, metadataCid: "0x0156" as const };

describe("registering an IP", () => {
  it("is a register call to the deployment's registry, terms attached in the same transaction", () => {
    const steps = registrationSteps(deployment, { ...content, kind: "Style", termsIds: [2n, 3n] });
    expect(steps.map((s) => s.step)).toEqual(["register"]);
    expect(steps[0].request).toMatchObject({ address: deployment.contracts.IPRegistry, functionName: "register" });
    expect(steps[0].request.args[0]).toMatchObject({ kind: 1, termsIds: [2n, 3n] });
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
