import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "pw-bakeoff-cli-"));
const env = { DATABASE_PATH: join(dir, "pairwise.db") };
const file = (name: string, lines: object[]) => {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join("\n"));
  return path;
};

const outputs = file(
  "outputs.jsonl",
  ["model-a", "model-b", "model-c"].flatMap((model) =>
    [1, 2].map((p) => ({ prompt_id: `p${p}`, prompt: `Subject line for note ${p}?`, model, output: `${model} on ${p}` })),
  ),
);

describe("pairwise bakeoff", () => {
  it("creates a draft from an outputs file and shows its leaderboard before any vote", async () => {
    const created = await runCli(["bakeoff", "create", outputs, "--name", "subjects", "--confidence", "0.9", "--max-votes", "60"], env);
    expect(created.error).toBeUndefined();
    expect(created.out).toContain("Created bake-off subjects (a draft): 3 models (model-a, model-b, model-c) on 2 prompts.");
    expect(created.out).toContain("/pairwise bakeoff start subjects");
    const status = JSON.parse((await runCli(["bakeoff", "status", "subjects", "--json"], env)).out) as {
      status: string;
      confidence: number;
      votes: number;
      leaderboard: { rating: number }[];
    };
    expect(status).toMatchObject({ status: "draft", confidence: 0.9, votes: 0 });
    for (const row of status.leaderboard) expect(row.rating).toBeCloseTo(1000, 6);
    expect((await runCli(["bakeoff", "list"], env)).out).toContain("subjects\tdraft");
  });

  it("refuses a bad file, a bad setting and a name in use, saying where and how", async () => {
    const lonely = file("lonely.jsonl", [
      { prompt: "A?", model: "m1", output: "x" },
      { prompt: "A?", model: "m2", output: "y" },
      { prompt: "B?", model: "m1", output: "z" },
    ]);
    expect((await runCli(["bakeoff", "create", lonely, "--name", "x1"], env)).error).toContain("lonely.jsonl:3: prompt p2 has only m1's output");
    expect((await runCli(["bakeoff", "create", outputs, "--name", "x2", "--confidence", "1.5"], env)).error).toBe(
      '--confidence must be a number from 0.5 to 0.999, got "1.5".',
    );
    expect((await runCli(["bakeoff", "create", outputs, "--name", "Bad Name"], env)).error).toContain('Bake-off setting "name"');
    await runCli(["bakeoff", "create", outputs, "--name", "taken"], env);
    expect((await runCli(["bakeoff", "create", outputs, "--name", "taken"], env)).error).toBe(
      'The name "taken" is taken by a campaign or bake-off; choose another name.',
    );
    expect((await runCli(["bakeoff", "status", "nope"], env)).error).toContain('No bake-off named "nope". Bake-offs:');
  });

  it("documents the file format, the sampler and the stopping rule", async () => {
    const help = (await runCli(["bakeoff", "--help"], env)).out;
    for (const text of ["one row per model per prompt", "--min-views", "stable at 95% after 38 votes", "pseudo-draw"]) expect(help).toContain(text);
    const create = (await runCli(["bakeoff", "create", "--help"], env)).out;
    for (const text of ["--confidence <x>", '(default: "0.95")', "--max-votes <n>", '(default: "200")', "--parallel <n>"]) expect(create).toContain(text);
  });
});
