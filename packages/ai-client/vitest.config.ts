import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "ai-client", include: ["src/**/*.test.ts"], environment: "node" },
});
