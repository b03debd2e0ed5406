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

  it("src/io imports no services (io sits below them)", () => {
    const io = core.filter((f) => f.startsWith(join("src", "io")));
    expect(io.length).toBeGreaterThan(0);
    const offenders = io.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /services\//.test(spec))
        .map((spec) => `${relative(".", file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("src/core imports no storage: it routes events to service verbs and their results to cards", () => {
    const coreFiles = core.filter((f) => f.startsWith(join("src", "core")));
    expect(coreFiles.length).toBeGreaterThan(0);
    const offenders = coreFiles.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /drizzle|better-sqlite3|storage\//.test(spec))
        .map((spec) => `${relative(".", file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("nothing outside src/storage holds SQL or reaches the driver: every query lives in a repo", () => {
    // Outside storage: no drizzle, no better-sqlite3, no schema, no prepared statements, no `$client`,
    // and no SQL text (comments aside). The composition roots open the database through storage too.
    const outside = [...sourceFiles("src"), ...sourceFiles("adapters")].filter((f) => !f.startsWith(join("src", "storage")));
    const sqlText = /["'`]\s*(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|WITH\s+\w+\s+AS\s*\(|PRAGMA\s)/;
    const offenders = outside.flatMap((file) => {
      const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "");
      const found = [
        ...importsOf(file).filter((spec) => /drizzle|better-sqlite3|storage\/(schema|prepared)\b/.test(spec)),
        ...(/\$client|\bprepared(<[^>]*>)?\(/.test(code) ? ["the driver ($client or prepared())"] : []),
        ...(sqlText.test(code) ? ["SQL text"] : []),
      ];
      return found.map((what) => `${relative(".", file)}: ${what}`);
    });
    expect(offenders).toEqual([]);
  });

  it("chat adapters reach the core only through its public port (src/core/port.ts)", () => {
    // Besides the port: the logger, errors, configuration and health, which every part of the bot shares.
    const shared = /src\/(core\/port|logger|errors|config|health)\.js$/;
    const chat = ["slack", "discord", "terminal"].flatMap((name) => sourceFiles(join("adapters", name)));
    expect(chat.length).toBeGreaterThan(0);
    const offenders = chat.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /(^|\/)src\//.test(spec) && !shared.test(spec))
        .map((spec) => `${relative(".", file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("the AI judge adapter implements the judge port and reaches nothing else of the services (domain terms aside)", () => {
    const judge = sourceFiles(join("adapters", "openai-judge"));
    const offenders = judge.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /(^|\/)src\//.test(spec) && !/src\/(services\/ai-judge\/judge-port|domain\/[\w/-]+|logger|errors)\.js$/.test(spec))
        .map((spec) => `${relative(".", file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("src/polls is gone: polls are a repo, services, cards and handlers like every other feature", () => {
    expect(sourceFiles("src").filter((f) => f.startsWith(join("src", "polls")))).toEqual([]);
  });

  it("adapters hold no SQL", () => {
    const adapterFiles = sourceFiles("adapters");
    const offenders = adapterFiles.filter(
      (file) =>
        /\b(SELECT|INSERT INTO|UPDATE \w+ SET)\b/.test(readFileSync(file, "utf8")) || importsOf(file).some((s) => /drizzle|better-sqlite3|storage\//.test(s)),
    );
    expect(offenders).toEqual([]);
  });
});

describe("one source for each list", () => {
  const code = [...sourceFiles("src"), ...sourceFiles("adapters")];
  const offendersOf = (files: readonly string[], pattern: RegExp): string[] =>
    files.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (pattern.test(line) ? [`${relative(".", file)}:${i + 1}`] : [])),
    );

  it("the choices (stored, screen, battle) are listed only in src/domain", () => {
    // A list names tie and both_bad as quoted values on one line: ["a", "b", "tie", "both_bad"], "1" | "2" | "tie" | "both_bad".
    // Benches and test helpers and fakes too; the tests themselves may spell out what they expect.
    const helpers = [...sourceFiles("bench"), ...sourceFiles(join("test", "helpers")), ...sourceFiles(join("test", "fakes"))];
    const outside = [...code, ...helpers].filter((f) => !f.startsWith(join("src", "domain")));
    expect(offendersOf(outside, /["']tie["'][^\n]{0,40}["']both_bad["']/)).toEqual([]);
  });

  it("the platform names are listed only in src/domain/platform-names.ts", () => {
    const outside = code.filter((f) => f !== join("src", "domain", "platform-names.ts"));
    expect(offendersOf(outside, /slack\W{1,6}discord\W{1,6}terminal/)).toEqual([]);
  });

  it("the export formats are listed only in their registry (src/io/export/formats)", () => {
    const outside = code.filter((f) => !f.startsWith(join("src", "io", "export", "formats")));
    expect(offendersOf(outside, /["']trl["'][^\n]{0,20}["']kto["']|trl\|kto/)).toEqual([]);
  });

  it("action ids are encoded and decoded only in src/core/action-ids.ts", () => {
    const outside = code.filter((f) => f !== join("src", "core", "action-ids.ts"));
    expect(offendersOf(outside, /pw1:/)).toEqual([]);
  });

  it("due work is a list where the scheduler is composed, never registered as an import side effect", () => {
    expect(offendersOf(code, /registerDueWork\(/)).toEqual([]);
  });
});
