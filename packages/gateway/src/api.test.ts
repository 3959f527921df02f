import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("the API module", () => {
  it("imports nothing at run time, so browser code can import it without pulling the server in", () => {
    const source = readFileSync(path.join(import.meta.dirname, "api.ts"), "utf8");
    const imports = [...source.matchAll(/^import\s+(type\s+)?.*?from\s+"([^"]+)";$/gm)];
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((m) => !m[1]).map((m) => m[2])).toEqual([]);
  });
});
