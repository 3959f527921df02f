import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * A catalog visitor who never connects a wallet downloads no wallet stack: the frame every page shares (the root
 * layout, its providers, the header) reaches wagmi's config, connectors, the dev wallet and RainbowKit only through
 * dynamic imports. This walks the frame's static imports (type-only imports vanish from the bundle) and names any
 * that would put the wallet stack back in the first load.
 */
const app = path.resolve(import.meta.dirname, "..");
const walletStack = [/^@\/lib\/wagmi$/, /^@\/lib\/dev-wallet$/, /^@\/lib\/wallet-runtime$/, /^@rainbow-me\//];

const staticImports = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/^\s*(import|export)\s+(type\s+)?([^'"]*?)from\s+["']([^"']+)["']/gm)]
    .filter((m) => !m[2])
    .map((m) => ({ names: m[3], specifier: m[4] }));

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith("@/")
    ? path.join(app, specifier.slice(2))
    : path.resolve(path.dirname(from), specifier);
  return ["", ".ts", ".tsx", "/index.ts", "/index.tsx"].map((ext) => base + ext).find((f) => existsSync(f));
}

function walletImportsReachedFrom(entry: string): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { names, specifier } of staticImports(file)) {
      const where = `${path.relative(app, file)} imports ${specifier}`;
      if (walletStack.some((pattern) => pattern.test(specifier))) found.push(where);
      // wagmi's context object is the one piece the frame holds (empty until the stack arrives); its hooks are not.
      if (specifier === "wagmi" && names.replace(/[{}\s]/g, "") !== "WagmiContext") found.push(where);
      if (specifier.startsWith("@/") || specifier.startsWith(".")) {
        const next = resolveLocal(file, specifier);
        if (next) visit(next);
      }
    }
  };
  visit(entry);
  return found;
}

describe("the wallet stack and the first load", () => {
  it("the root layout reaches no wallet code except through dynamic imports", () => {
    expect(walletImportsReachedFrom(path.join(app, "app/layout.tsx"))).toEqual([]);
  });

  it("the walk finds wallet code where it is imported statically (the runtime module itself)", () => {
    expect(walletImportsReachedFrom(path.join(app, "lib/wallet-runtime.tsx"))).toContain(
      "lib/wallet-runtime.tsx imports wagmi",
    );
  });
});
