import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { maxDifference, pythonReference, rankingFile, rReference } from "../../helpers/ranking-fixtures.js";

const json = async (args: string[]) => {
  const r = await runCli(args);
  expect(r.error).toBeUndefined();
  return JSON.parse(r.out) as Record<string, unknown>;
};

describe("pairwise rank: what is fitted, on which scale", () => {
  it("--prior 0 equals Chatbot Arena's logistic regression (Elo, mean 1000) and R's BradleyTerry2 (natural, anchored) to 1e-6", async () => {
    const elo = await json(["rank", "--prior", "0", "--samples", "0", "--json", rankingFile("synthetic-50-battles.csv")]);
    expect(maxDifference(elo.ratings as Record<string, number>, pythonReference.bradley_terry.synthetic50!.ties_half!.sklearn_elo_mean1000)).toBeLessThan(1e-6);
    const natural = await json([
      "rank",
      "--prior",
      "0",
      "--scale",
      "natural",
      "--anchor",
      "bloom-7b=0",
      "--samples",
      "0",
      "--json",
      rankingFile("pandalm-battles.csv"),
    ]);
    expect(maxDifference(natural.ratings as Record<string, number>, rReference.pandalm_ties_half!)).toBeLessThan(1e-6);
  });

  it("says what it fitted in the text output and in --help", async () => {
    const r = await runCli(["rank", "--samples", "0", "--scale", "natural", rankingFile("pandalm-battles.csv")]);
    expect(r.out).toContain("prior 0.01 pseudo-draws a pair, natural scale, mean 0");
    const help = await runCli(["rank", "--help"]);
    for (const text of ["--prior <x>", '(default: "0.01")', "--tolerance <x>", "--scale <scale>", "BradleyTerry2", "--style-control"])
      expect(help.out).toContain(text);
  });

  it("--samples 0 prints no intervals rather than null ones; a bad count is refused with the rule", async () => {
    const r = await runCli(["rank", "--samples", "0", "--json", rankingFile("pandalm-battles.csv")]);
    expect(r.out).not.toContain("null");
    expect(JSON.parse(r.out)).not.toHaveProperty("ci");
    expect((await runCli(["rank", "--samples", "0", rankingFile("pandalm-battles.csv")])).out).not.toContain("CI");
    expect((await runCli(["rank", "--samples", "3", rankingFile("pandalm-battles.csv")])).error).toBe(
      '--samples must be 0 (no intervals) or at least 10 for a 95% interval, got "3".',
    );
    expect((await runCli(["rank", "--samples", "-1", rankingFile("pandalm-battles.csv")])).error).toBe(
      '--samples must be a whole number of at least 0, got "-1".',
    );
    expect((await runCli(["rank", "--prior", "none", rankingFile("pandalm-battles.csv")])).error).toContain(
      '--prior must be a number of at least 0, got "none"',
    );
    expect((await runCli(["rank", "--scale", "glicko", rankingFile("pandalm-battles.csv")])).error).toBe('--scale must be elo or natural, got "glicko".');
  });

  it("refuses --prior 0 on data with no finite maximum, saying why and what to do", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "pw-rank-")), "sweep.csv");
    writeFileSync(file, "model_a,model_b,winner\nx,y,model_a\ny,x,model_b\ny,z,tie\n");
    const r = await runCli(["rank", "--prior", "0", "--samples", "0", file]);
    expect(r.error).toBe("with no prior the maximum-likelihood ratings do not exist: x never lost a game; give a prior above 0 (the default is 0.01).");
    expect((await runCli(["rank", "--samples", "0", file])).error).toBeUndefined();
  });

  it("--style-control prints the raw and the style-controlled leaderboards side by side, equal to FastChat's", async () => {
    const out = await json(["rank", "--style-control", "--samples", "0", "--json", rankingFile("style-battles.jsonl")]);
    const style = out.styleControl as { ratings: Record<string, number>; coefficients: Record<string, number> };
    expect(maxDifference(style.ratings, pythonReference.style_control["fastchat_reg0.5_elo"])).toBeLessThan(1e-6);
    const text = (await runCli(["rank", "--style-control", "--samples", "0", rankingFile("style-battles.jsonl")])).out;
    expect(text).toMatch(/#\s+model\s+rating\s+style-controlled #\s+rating\s+change/);
    expect(text).toMatch(/chat-d\s+951\.8\s+4\s+1019\.1\s+up 3/);
    expect(text).toContain("Style coefficients");
  });

  it("--style-control names the line that lacks the responses' style", async () => {
    const r = await runCli(["rank", "--style-control", rankingFile("pandalm-battles.csv")]);
    expect(r.error).toContain('pandalm-battles.csv:2, field "response_a": style control needs each response\'s style');
  });
});

describe("pairwise aggregate: Dawid-Skene's smoothing and tolerance", () => {
  it("--smoothing 0 equals the unsmoothed Dawid-Skene estimates to 1e-6", async () => {
    const out = (await json(["aggregate", "--method", "dawid-skene", "--smoothing", "0", "--json", rankingFile("pandalm-labels.csv")])) as {
      items: { item: string; posterior: number[] }[];
      priors: number[];
      smoothing: number;
    };
    const reference = pythonReference.dawid_skene.pandalm_smoothing0!;
    expect(out.smoothing).toBe(0);
    let worst = 0;
    for (const item of out.items) item.posterior.forEach((p, k) => (worst = Math.max(worst, Math.abs(p - reference.posteriors[item.item]![k]!))));
    expect(worst).toBeLessThan(1e-6);
  });

  it("documents the defaults and refuses bad values", async () => {
    const help = (await runCli(["aggregate", "--help"])).out;
    for (const text of ["--smoothing <x>", '(default: "0.01")', "--tolerance <x>", '(default: "1e-8")', "plain maximum likelihood"])
      expect(help).toContain(text);
    expect((await runCli(["aggregate", "--method", "dawid-skene", "--tolerance", "0", rankingFile("pandalm-labels.csv")])).error).toBe(
      '--tolerance must be a number above 0, got "0".',
    );
  });
});
