import { defineConfig } from "vitest/config";

/** Unit tests of every workspace, run together by `npm test`. */
export default defineConfig({
  test: {
    projects: ["apps/web", "packages/*"],
  },
});
