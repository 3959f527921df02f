import { defineConfig } from "vitest/config";

export default defineConfig({
  // Hashing megabytes and decoding images take a few seconds on a loaded machine: 5 s made the suite flaky there.
  test: { name: "gateway", include: ["src/**/*.test.ts"], environment: "node", testTimeout: 20_000 },
});
