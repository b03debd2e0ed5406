import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";

describe("the default exports folder", () => {
  it("is documented in --help and kept out of git", async () => {
    const help = await runCli(["export", "--help"]);
    expect(help.out.replace(/\s+/g, " ")).toContain("default ./exports/<campaign>-<format>.jsonl|csv, a folder .gitignore covers");
    const ignored = readFileSync(new URL("../../../.gitignore", import.meta.url), "utf8").split("\n");
    expect(ignored).toContain("/exports/");
    expect(readFileSync(new URL("../../../README.md", import.meta.url), "utf8")).toContain("./exports/<campaign>-<format>.jsonl");
  });
});

describe("an export that writes nothing", () => {
  it("leaves no folder behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-out-"));
    const out = join(dir, "deep", "er", "out.jsonl");
    const r = await runCli(["export", "nosuch", "--format", "trl", "--out", out], { DATABASE_PATH: join(dir, "x.db") });
    expect(r.error).toContain('No campaign named "nosuch"');
    expect(existsSync(join(dir, "deep"))).toBe(false);
  });
});
