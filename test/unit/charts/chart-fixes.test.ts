import { describe, expect, it } from "vitest";
import type { EChartsOption } from "echarts";
import { barChart, distinctLabels, heatmapChart, lineChart, shortLabel, stackedBar } from "../../../src/charts/kinds.js";
import { chartSize, renderChartSvg } from "../../../src/charts/render.js";
import { pollChart } from "../../../src/core/cards/poll-chart.js";

type Json = Record<string, unknown>;
const axis = (o: EChartsOption, which: "xAxis" | "yAxis") => o[which] as Json;
const tickTexts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe("charts a lead can read", () => {
  it("the kappa heatmap colours −1..1 on a diverging scale with a legend, so kappa −1 is a coloured cell, not a blank", () => {
    const option = heatmapChart({
      title: "Pairwise Cohen's kappa · C",
      labels: ["Ana", "Boris"],
      matrix: [
        [1, -1],
        [-1, 1],
      ],
      min: -1,
      max: 1,
      diverging: true,
      legend: ["−1 disagree", "1 agree"],
    });
    const [scale] = option.visualMap as Json[];
    expect(scale).toMatchObject({ min: -1, max: 1, text: ["1 agree", "−1 disagree"] });
    expect((scale!.inRange as { color: string[] }).color).toHaveLength(5); // red … white at 0 … blue
    const series = (option.series as Json[])[0]!;
    expect(series.data).toContainEqual([1, 0, -1]);
    const svg = renderChartSvg(option);
    // The −1 cells are drawn in the scale's red end.
    expect(svg).toContain("rgb(178,24,43)"); // #b2182b
    expect(tickTexts(svg)).toEqual(expect.arrayContaining(["1 agree", "−1 disagree"]));
  });

  it("cells without enough shared items are grey and labelled, not blank", () => {
    const option = heatmapChart({
      title: "k",
      labels: ["a", "b"],
      matrix: [
        [1, null],
        [null, 1],
      ],
      min: -1,
      max: 1,
      diverging: true,
      emptyNote: "fewer than 10 shared items",
    });
    const svg = renderChartSvg(option);
    expect(svg.toLowerCase()).toContain("#eeeeee");
    expect(svg).toContain("fewer than 10 shared items");
  });

  it("a long title breaks into two lines instead of being clipped, and the plot moves down", () => {
    const long = barChart({
      title: "Share choosing the first-shown response · Helpfulness review of the summer batch, second round.",
      labels: ["x"],
      values: [0.5],
      percent: true,
    });
    const short = barChart({ title: "Gold accuracy · C", labels: ["x"], values: [0.5], percent: true });
    expect((long.title as Json).text).toBe("Share choosing the first-shown response\nHelpfulness review of the summer batch, second round.");
    expect((long.grid as Json).top).toBeGreaterThan((short.grid as Json).top as number);
    for (const line of String((long.title as Json).text).split("\n")) expect(line.length).toBeLessThanOrEqual(70);
  });

  it("the threshold label sits above the plot, away from the axis ticks, with room made for it", () => {
    const option = barChart({
      title: "Gold",
      labels: ["a", "b"],
      values: [0.9, 0.5],
      percent: true,
      max: 1,
      reference: { value: 0.88, label: "threshold 88%" },
    });
    const line = ((option.series as Json[])[0]!.markLine as Json).label as Json;
    expect(line.position).toBe("start"); // categories run top down: the start is the top
    expect((option.grid as Json).top).toBe(76);
  });

  it("labels keep their full text when there is room, are cut from the middle only when needed, and stay distinct", () => {
    expect(shortLabel("Chloé Martin-Delacroix")).toBe("Chloé Martin-Delacroix");
    expect(shortLabel("external:pandalm-annotator-number-3")).toBe("external:pandalm…otator-number-3");
    const labels = distinctLabels(["external:pandalm-annotator-number-1-of-the-team", "external:pandalm-annotator-number-3-of-the-team"], 24);
    expect(new Set(labels).size).toBe(2);
    expect(labels.every((l) => l.length < "external:pandalm-annotator-number-1-of-the-team".length)).toBe(true);
  });

  it("counts get whole-number ticks: a poll with one vote has no 0.2 on its axis", () => {
    const option = pollChart({ id: 3, question: "Which subject line?", options: ["Launch day", "We are live"], status: "closed" } as never, [1, 0]);
    expect(axis(option, "xAxis")).toMatchObject({ minInterval: 1, min: 0 });
    const ticks = tickTexts(renderChartSvg(option));
    expect(ticks).not.toContain("0.2");
    expect(ticks).not.toContain("0.5");
    expect((option.title as Json).text).toBe("Poll #3: Which subject line?");
    expect((option.subtitle ?? (option.title as Json).subtext) as string).toBe("1 vote");
    const perDay = lineChart({ title: "Judgments per day", x: ["01-01", "01-02"], series: [{ name: "judgments", values: [0, 0] }] });
    expect(axis(perDay, "yAxis")).toMatchObject({ min: 0, minInterval: 1 });
    expect(tickTexts(renderChartSvg(perDay))).not.toContain("0.2");
  });

  it("a chart of one or two bars is as tall as its bars need, not a page of white", () => {
    expect(chartSize(pollChart({ id: 1, question: "Q?", options: ["A", "B"], status: "closed" } as never, [1, 0])).height).toBeLessThanOrEqual(300);
    expect(chartSize(stackedBar({ title: "Progress · c", parts: [{ name: "complete", value: 1, color: "#3ba272" }] })).height).toBeLessThanOrEqual(320);
    const many = barChart({ title: "t", labels: Array.from({ length: 20 }, (_, i) => `n${i}`), values: Array.from({ length: 20 }, (_, i) => i) });
    expect(chartSize(many).height).toBeGreaterThan(1000);
  });

  it("a thin part of the progress bar keeps its number in the legend, not squeezed on the bar", () => {
    const option = stackedBar({
      title: "Progress",
      parts: [
        { name: "complete", value: 5, color: "#3ba272" },
        { name: "in progress", value: 1008, color: "#fac858" },
      ],
    });
    const [thin, wide] = option.series as Json[];
    expect((thin!.label as Json).show).toBe(false);
    expect((wide!.label as Json).show).toBe(true);
    expect(thin!.name).toBe("complete (5)");
  });

  it("the axis ends on a round tick, not on the largest count (no odd last tick such as 999)", () => {
    const option = barChart({ title: "Judgments per annotator", labels: ["a", "b"], values: [999, 16] });
    expect(axis(option, "xAxis").max).toBeUndefined();
    const ticks = tickTexts(renderChartSvg(option));
    expect(ticks).toContain("1,000");
    const progress = stackedBar({
      title: "Progress",
      parts: [
        { name: "complete", value: 7, color: "#3ba272" },
        { name: "in progress", value: 1006, color: "#fac858" },
      ],
    });
    expect(axis(progress, "xAxis").max).toBeUndefined();
  });
});
