import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // better-sqlite3 is synchronous and native; forks isolate it cleanly per file.
    pool: "forks",
    // A guard against hangs, not a speed check: the simulated-week suites run ten thousand minute
    // sweeps and took 50 s on a two-core machine at load 10. A test that fails only on a busy
    // machine is a defect, so the bound is far above any healthy run.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
