import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "pw-cli-stats-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// Krippendorff (2011), 4 observers × 12 units with missing values, one row per unit.
const K2011 = file(
  "k2011.csv",
  ["A,B,C,D", "1,1,,1", "2,2,3,2", "3,3,3,3", "3,3,3,3", "2,2,2,2", "1,2,3,4", "4,4,4,4", "1,1,2,1", "2,2,2,2", ",5,5,5", ",,1,1", ",3,,"].join("\n"),
);

describe("pairwise agreement", () => {
  it.each([
    ["nominal", "0.743"],
    ["ordinal", "0.815"],
    ["interval", "0.849"],
    ["ratio", "0.797"],
  ])("prints Krippendorff's published %s alpha %s from a CSV", async (level, value) => {
    const r = await runCli(["agreement", "--metric", "krippendorff", "--level", level, "--json", K2011]);
    expect(r.error).toBeUndefined();
    expect(Number(JSON.parse(r.out).value).toFixed(3)).toBe(value);
  });

  it("reads the JSON form with nulls", async () => {
    const json = file(
      "k.json",
      JSON.stringify({
        data: [
          [1, 1, null, 1],
          [2, 2, 3, 2],
          [3, 3, 3, 3],
          [3, 3, 3, 3],
          [2, 2, 2, 2],
          [1, 2, 3, 4],
          [4, 4, 4, 4],
          [1, 1, 2, 1],
          [2, 2, 2, 2],
          [null, 5, 5, 5],
          [null, null, 1, 1],
          [null, 3, null, null],
        ],
      }),
    );
    const r = await runCli(["agreement", "--metric", "krippendorff", "--json", json]);
    expect(Number(JSON.parse(r.out).value).toFixed(3)).toBe("0.743");
  });

  it("refuses Cohen on more than two raters and a ragged JSON row, naming the row", async () => {
    expect((await runCli(["agreement", "--metric", "cohen", K2011])).error).toContain("exactly two raters");
    const bad = file("bad.json", JSON.stringify({ data: [[1, 2], [1]] }));
    expect((await runCli(["agreement", "--metric", "fleiss", bad])).error).toContain('bad.json, field "data[1]": row 2 has 1 values');
  });
});

describe("pairwise rank and aggregate", () => {
  it("ranks battles with Bradley-Terry, anchored, and names a bad row's line", async () => {
    const battles = file(
      "b.jsonl",
      [
        '{"model_a":"x","model_b":"y","winner":"model_a"}',
        '{"model_a":"x","model_b":"y","winner":"model_a"}',
        '{"model_a":"y","model_b":"x","winner":"model_b"}',
        '{"model_a":"x","model_b":"y","winner":"model_b"}',
      ].join("\n"),
    );
    const r = await runCli(["rank", "--anchor", "y=1000", "--json", "--samples", "20", battles]);
    const parsed = JSON.parse(r.out) as { ratings: Record<string, number> };
    expect(parsed.ratings.y).toBeCloseTo(1000, 6);
    // 400·log10(3) = 190.85; the default 0.01 pseudo-draw prior shrinks it a little.
    expect(Math.abs(parsed.ratings.x! - 1000 - 190.85)).toBeLessThan(1);
    const bad = file("bad.jsonl", '{"model_a":"x","model_b":"y","winner":"model_a"}\n{"model_a":"x","model_b":"y","winner":"left"}');
    expect((await runCli(["rank", bad])).error).toContain('bad.jsonl:2, field "winner": expected model_a, model_b, tie or both_bad');
  });

  it("aggregates labels by majority and by Dawid-Skene with posteriors and confusion matrices", async () => {
    const rows = ["annotator,item,label", "a1,i1,x", "a2,i1,x", "a3,i1,y", "a1,i2,y", "a2,i2,y", "a3,i2,y"].join("\n");
    const labels = file("l.csv", rows);
    expect((await runCli(["aggregate", labels])).out).toBe("i1\tx\t67%\ni2\ty\t100%");
    const ds = JSON.parse((await runCli(["aggregate", "--method", "dawid-skene", "--json", labels])).out) as {
      priors: number[];
      confusion: Record<string, number[][]>;
      items: { posterior: number[] }[];
    };
    expect(ds.priors).toHaveLength(2);
    expect(Object.keys(ds.confusion).sort()).toEqual(["a1", "a2", "a3"]);
    for (const item of ds.items) expect(item.posterior.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });
});
