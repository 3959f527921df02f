import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The gateway runs on the server only (file system, native crypto, the settlement key). Browser code may read its
 * API types (`@ipnft/gateway/api`, types and constants) and nothing else of it: this walks every module a client
 * component reaches and names any that would pull server code into the browser bundle.
 */
const app = path.resolve(import.meta.dirname, "../..");
const serverOnly = [/^@ipnft\/gateway\/(?!api$)/, /^@\/lib\/gateway\/mount$/, /^@\/lib\/deployment\.server$/, /^node:/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const importsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+["']([^"']+)["']/gm)]
    .filter((m) => !m[2]) // type-only imports vanish from the bundle
    .map((m) => m[3]);

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith("@/")
    ? path.join(app, specifier.slice(2))
    : path.resolve(path.dirname(from), specifier);
  return ["", ".ts", ".tsx", "/index.ts", "/index.tsx"]
    .map((ext) => base + ext)
    .find((f) => existsSync(f) && !f.endsWith("/"));
}

const isServerActions = (file: string) => /^\s*["']use server["']/.test(readFileSync(file, "utf8"));

function serverImportsReachedFrom(entry: string): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    // A "use server" module reaches the browser as references to its actions, never as code: its imports stay behind.
    if (file !== entry && isServerActions(file)) return;
    for (const specifier of importsOf(file)) {
      if (serverOnly.some((pattern) => pattern.test(specifier)))
        found.push(`${path.relative(app, file)} imports ${specifier}`);
      if (specifier.startsWith("@/") || specifier.startsWith(".")) {
        const next = resolveLocal(file, specifier);
        if (next) visit(next);
      }
    }
  };
  visit(entry);
  return found;
}

describe("the browser bundle and the gateway", () => {
  const clientEntries = sourceFiles(app).filter((f) => /^\s*["']use client["']/.test(readFileSync(f, "utf8")));

  it("has client components to check", () => {
    expect(clientEntries.length).toBeGreaterThan(5);
  });

  it("reaches no server module of the gateway from any client component, only its API types", () => {
    const offenders = clientEntries.flatMap(serverImportsReachedFrom);
    expect(offenders).toEqual([]);
  });
});
