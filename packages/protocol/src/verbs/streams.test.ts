import { describe, expect, it } from "vitest";
import { closeStream, openStream } from "./streams";
import { at, deployment } from "./test-chain";

const [company, pool] = [at(0xcc), at(0x9a)];

describe("a licensed stream", () => {
  it("opens as the licensee's SuperToken flow into the pool through the GDA forwarder", () => {
    expect(openStream(deployment, company, pool, 11n)).toMatchObject({
      address: deployment.superfluid.gdaV1Forwarder,
      functionName: "distributeFlow",
      args: [deployment.currency.superToken, company, pool, 11n, "0x"],
    });
  });

  it("closes as a flow of zero", () => {
    expect(closeStream(deployment, company, pool).args).toEqual([
      deployment.currency.superToken,
      company,
      pool,
      0n,
      "0x",
    ]);
  });
});
