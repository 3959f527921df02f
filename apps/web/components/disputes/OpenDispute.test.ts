import { describe, expect, it } from "vitest";
import { evidenceProblem } from "./OpenDispute";

describe("the dispute form's evidence check", () => {
  it("accepts an earlier work, a similarity in percent and a link", () => {
    expect(evidenceProblem(7n, "3", "97.5", "https://example.org/original")).toBeUndefined();
    expect(evidenceProblem(7n, "", "0", "ipfs://bafy")).toBeUndefined();
  });

  it("refuses in words an earlier work that is not earlier, or not a number", () => {
    expect(evidenceProblem(7n, "7", "90", "https://x")).toMatch(/registered before this one/);
    expect(evidenceProblem(7n, "three", "90", "https://x")).toBe("The earlier work is an IP number, like 3.");
  });

  it("refuses a similarity outside 0–100 and a missing or oversized link", () => {
    expect(evidenceProblem(7n, "", "150", "https://x")).toBe("The similarity is a percentage between 0 and 100.");
    expect(evidenceProblem(7n, "", "", "https://x")).toBe("The similarity is a percentage between 0 and 100.");
    expect(evidenceProblem(7n, "", "50", "  ")).toMatch(/link to your evidence/);
    expect(evidenceProblem(7n, "", "50", `https://${"x".repeat(600)}`)).toMatch(/too long/);
  });
});
