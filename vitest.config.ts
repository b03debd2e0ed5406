import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // better-sqlite3 is synchronous and native; forks isolate it cleanly per file.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
