#!/usr/bin/env node
// The package bin: runs the TypeScript CLI through tsx so no build step is needed.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const tsxCli = require.resolve("tsx/cli");
// Ctrl-C signals the whole process group, the CLI included: this wrapper waits for the CLI to stop
// cleanly (a prescore run records where it stopped) and exits with its status, instead of dying first.
process.on("SIGINT", () => {});
const result = spawnSync(process.execPath, [tsxCli, join(root, "src/cli/index.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
