import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { rankingFile } from "../../helpers/ranking-fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "pw-agreement-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// PandaLM's labels as a raters × units table, built from the one-judgment-a-row fixture.
const labels = readFileSync(rankingFile("pandalm-labels.csv"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split(","));
const byItem = new Map<string, Record<string, string>>();
for (const [annotator, item, label] of labels) byItem.set(item!, { ...byItem.get(item!), [annotator!]: label! });
const table = file(
  "pandalm-table.csv",
  ["annotator1,annotator2,annotator3", ...[...byItem.values()].map((r) => `${r.annotator1},${r.annotator2},${r.annotator3}`)].join("\n"),
);

describe("pairwise agreement reads one judgment a row as well as a table", () => {
  it.each(["fleiss", "krippendorff", "gwet", "percent"])("%s gives the same value on both forms of PandaLM's labels", async (metric) => {
    const fromLabels = JSON.parse((await runCli(["agreement", "--metric", metric, "--json", rankingFile("pandalm-labels.csv")])).out) as { value: number };
    const fromTable = JSON.parse((await runCli(["agreement", "--metric", metric, "--json", table])).out) as { value: number };
    expect(fromLabels.value).toBeCloseTo(fromTable.value, 12);
  });

  it("per-annotator prints each annotator's kappa against the others' majority, the median as its value", async () => {
    const out = JSON.parse((await runCli(["agreement", "--metric", "per-annotator", "--json", rankingFile("pandalm-labels.csv")])).out) as {
      value: number;
      annotators: { annotator: string; kappa: number; units: number }[];
    };
    expect(out.annotators.map((a) => a.annotator)).toEqual(["annotator1", "annotator2", "annotator3"]);
    const sorted = out.annotators.map((a) => a.kappa).sort();
    expect(out.value).toBe(sorted[1]);
    for (const a of out.annotators) expect(a.kappa).toBeGreaterThan(0.85);
    const sameFromTable = JSON.parse((await runCli(["agreement", "--metric", "per-annotator", "--json", table])).out) as { annotators: unknown[] };
    expect(sameFromTable.annotators).toEqual(out.annotators);
  });

  it("refuses Cohen on judgments without named pairs, and --ci with per-annotator", async () => {
    expect((await runCli(["agreement", "--metric", "cohen", rankingFile("pandalm-labels.csv")])).error).toContain(
      "a file of one judgment a row takes --metric fleiss",
    );
    expect((await runCli(["agreement", "--metric", "per-annotator", "--ci", rankingFile("pandalm-labels.csv")])).error).toContain(
      "--ci is for a single statistic",
    );
  });

  it("reads quoted CSV through the full parser and names the line of a short row on the fast path", async () => {
    const quoted = file("quoted.csv", 'a,b\n"1",2\n2,"2"\n1,1\n');
    expect(JSON.parse((await runCli(["agreement", "--metric", "percent", "--json", quoted])).out).units).toBe(3);
    const ragged = file("ragged.csv", "a,b,c\n1,2,3\n\n1,2\n");
    expect((await runCli(["agreement", "--metric", "fleiss", ragged])).error).toBe("ragged.csv:4: not valid CSV: row has 2 fields, the header has 3");
  });
});
