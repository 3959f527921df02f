import { describe, expect, it } from "vitest";
import { decideReceipt, type ReceiptContext, receiptTypedData, type TrustedMeter } from "./trust";

const meter = "0x00000000000000000000000000000000000000E1";
const licensee = "0x00000000000000000000000000000000000000A1";
const trust: TrustedMeter = { chainId: 31337, usageMeter: meter, source: "a test deployment" };
const context: ReceiptContext = { trust, licensee, held: new Set([7n]), accounted: () => 3n };

/** The typed data as a gateway sends it: JSON, integers as strings. */
const onWire = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v))) as {
    domain: Record<string, unknown>;
    message: Record<string, unknown>;
  };
const honest = () => onWire(receiptTypedData(trust, licensee, 7n, 3n));
const ask = (typedData: unknown, licenseId = "7", cumulativeUnits = "3") => ({ licenseId, cumulativeUnits, typedData });

describe("deciding whether to sign a usage receipt a gateway asks for", () => {
  it("signs the protocol's receipt for a held license and the units the client counted, in the trusted domain", () => {
    const decision = decideReceipt(ask(honest()), context);
    expect(decision).toEqual({
      sign: true,
      licenseId: 7n,
      cumulativeUnits: 3n,
      typedData: receiptTypedData(trust, licensee, 7n, 3n),
    });
  });

  it("refuses typed data for another verifying contract", () => {
    const typedData = honest();
    typedData.domain = { ...typedData.domain, verifyingContract: "0x00000000000000000000000000000000000000E2" };
    const decision = decideReceipt(ask(typedData), context);
    expect(decision.sign).toBe(false);
    expect(!decision.sign && decision.reason).toMatch(/another domain.*0x00000000000000000000000000000000000000E2/);
  });

  it("refuses typed data for another chain", () => {
    const typedData = honest();
    typedData.domain = { ...typedData.domain, chainId: 1 };
    expect(decideReceipt(ask(typedData), context)).toMatchObject({ sign: false, reason: /another domain \(chain 1/ });
  });

  it("refuses typed data under another domain name or version", () => {
    const renamed = honest();
    renamed.domain = { ...renamed.domain, version: "0" };
    expect(decideReceipt(ask(renamed), context).sign).toBe(false);
  });

  it("refuses a receipt for a license the key does not hold", () => {
    const typedData = onWire(receiptTypedData(trust, licensee, 8n, 3n));
    expect(decideReceipt(ask(typedData, "8"), context)).toMatchObject({
      sign: false,
      reason: /license 8, which 0x0+A1 does not hold/,
    });
  });

  it("refuses more units than the client counted", () => {
    const typedData = onWire(receiptTypedData(trust, licensee, 7n, 9n));
    expect(decideReceipt(ask(typedData, "7", "9"), context)).toMatchObject({
      sign: false,
      reason: /9 units under license 7, but this client accounted 3/,
    });
  });

  it("refuses fewer units than the client counted", () => {
    const typedData = onWire(receiptTypedData(trust, licensee, 7n, 1n));
    expect(decideReceipt(ask(typedData, "7", "1"), context).sign).toBe(false);
  });

  it("refuses typed data whose message says other units than the request around it", () => {
    const typedData = honest();
    typedData.message = { ...typedData.message, cumulativeUnits: "300" };
    expect(decideReceipt(ask(typedData), context)).toMatchObject({ sign: false, reason: /not the protocol's receipt/ });
  });

  it("signs nothing for a deployment without a usage meter", () => {
    const decision = decideReceipt(ask(honest()), { ...context, trust: { ...trust, usageMeter: undefined } });
    expect(decision).toMatchObject({ sign: false, reason: /has no UsageMeter/ });
  });
});
