import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const importsOf = (path: string): string[] => [...readFileSync(path, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);

describe("dependencies point inward", () => {
  // The composition roots wire adapters in: the bot's (main.ts) and the CLI's entry point.
  const roots = [join("src", "main.ts"), join("src", "cli", "index.ts")];
  const core = sourceFiles("src").filter((f) => !roots.includes(f));

  it("src/ knows no Slack, no Discord and no adapter (the composition roots excepted)", () => {
    const offenders = core.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^@slack\/|^discord\.js$|^@discordjs\/|^discord-api-types|adapters\//.test(spec))
        .map((spec) => `${relative(".", file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("src/domain and src/stats import no storage, no I/O and no adapter", () => {
    const pure = core.filter((f) => f.startsWith(join("src", "domain")) || f.startsWith(join("src", "stats")));
    expect(pure.length).toBeGreaterThan(0);
    const offenders = pure.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /drizzle|better-sqlite3|storage\/|node:fs|node:net|node:http|services\//.test(spec))
        .map((spec) => `${relative(".", file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("adapters hold no SQL", () => {
    const adapterFiles = sourceFiles("adapters");
    const offenders = adapterFiles.filter((file) => /\b(SELECT|INSERT INTO|UPDATE \w+ SET)\b/.test(readFileSync(file, "utf8")) || importsOf(file).some((s) => /drizzle|better-sqlite3|storage\//.test(s)));
    expect(offenders).toEqual([]);
  });
});
