#!/usr/bin/env node
// The package bin: runs the compiled CLI that `npm ci` (the `prepare` script) or `npm run build`
// leaves in dist/. No TypeScript loader at run time: `pairwise --help` costs about a bare node start.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cli = new URL("../dist/src/cli/index.js", import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write(`pairwise is not built yet: run \`npm run build\` in ${fileURLToPath(new URL("..", import.meta.url))} (npm ci builds it too).\n`);
  process.exit(1);
}
await import(cli.href);
