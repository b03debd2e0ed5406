import type { EChartsOption } from "echarts";

const PALETTE = ["#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4"];

/** Long category labels are shortened so axes stay readable; the full text stays in the report text. */
export function shortLabel(label: string, max = 22): string {
  if (label.length <= max) return label;
  // Keep both ends: names often differ only at the end (annotator1, annotator2).
  const tail = Math.floor((max - 1) / 2);
  return `${label.slice(0, max - 1 - tail)}…${label.slice(label.length - tail)}`;
}

const title = (text: string, subtext?: string) => ({ text, ...(subtext ? { subtext } : {}), left: "center", textStyle: { fontSize: 18 }, subtextStyle: { fontSize: 12, color: "#555" } });

/**
 * Horizontal bars with the value printed on each, and an optional reference line (a threshold, 50%).
 * `valueLabels` replaces the printed values (extra figures go there, so category labels stay names).
 */
export function barChart(input: { title: string; subtitle?: string; labels: string[]; values: number[]; valueLabels?: string[]; percent?: boolean; reference?: { value: number; label: string }; max?: number; colors?: string[] }): EChartsOption {
  const fmt = (v: number) => (input.percent ? `${(v * 100).toFixed(0)}%` : Number.isInteger(v) ? String(v) : v.toFixed(2));
  const printed = (p: { value?: unknown; dataIndex?: number }) => input.valueLabels?.[p.dataIndex ?? -1] ?? fmt(Number(p.value));
  const labels = input.labels.map((l) => shortLabel(l));
  return {
    color: PALETTE,
    title: title(input.title, input.subtitle),
    grid: { left: 20, right: 70, top: input.subtitle ? 80 : 60, bottom: 30, containLabel: true },
    xAxis: { type: "value", ...(input.max !== undefined ? { max: input.max } : {}), ...(input.percent ? { min: 0, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } : {}) },
    yAxis: { type: "category", data: labels, inverse: true, axisLabel: { fontSize: 13 } },
    series: [
      {
        type: "bar",
        data: input.values.map((v, i) => ({ value: v, ...(input.colors?.[i] ? { itemStyle: { color: input.colors[i] } } : {}) })),
        barMaxWidth: 34,
        label: { show: true, position: "right", formatter: printed, fontSize: 13 },
        ...(input.reference
          ? { markLine: { symbol: "none", lineStyle: { color: "#c23531", type: "dashed", width: 2 }, label: { formatter: input.reference.label, fontSize: 12, position: "end" }, data: [{ xAxis: input.reference.value }] } }
          : {}),
      },
    ],
  };
}

/** A heatmap of a square matrix (pairwise kappa, win rates), values printed in the cells. */
export function heatmapChart(input: { title: string; subtitle?: string; labels: string[]; matrix: (number | null)[][]; min: number; max: number; digits?: number }): EChartsOption {
  const labels = input.labels.map((l) => shortLabel(l, 20));
  const data: [number, number, number | string][] = [];
  input.matrix.forEach((row, i) => row.forEach((v, j) => data.push([j, i, v === null ? "-" : Number(v.toFixed(input.digits ?? 2))])));
  return {
    title: title(input.title, input.subtitle),
    grid: { left: 20, right: 20, top: input.subtitle ? 80 : 60, bottom: 70, containLabel: true },
    xAxis: { type: "category", data: labels, axisLabel: { rotate: 30, fontSize: 12 } },
    yAxis: { type: "category", data: labels, inverse: true, axisLabel: { fontSize: 12 } },
    visualMap: { min: input.min, max: input.max, calculable: false, orient: "horizontal", left: "center", bottom: 0, text: [String(input.max), String(input.min)], itemWidth: 14, itemHeight: 160, inRange: { color: ["#d73027", "#fee08b", "#1a9850"] } },
    series: [{ type: "heatmap", data, label: { show: true, fontSize: 12 } }],
  };
}

/** Lines over time (judgments per day, weekly agreement). */
export function lineChart(input: { title: string; subtitle?: string; x: string[]; series: { name: string; values: (number | null)[] }[]; percent?: boolean }): EChartsOption {
  return {
    color: PALETTE,
    title: title(input.title, input.subtitle),
    legend: { bottom: 0 },
    grid: { left: 20, right: 30, top: input.subtitle ? 80 : 60, bottom: 50, containLabel: true },
    xAxis: { type: "category", data: input.x, boundaryGap: false },
    yAxis: { type: "value", ...(input.percent ? { min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } : {}) },
    series: input.series.map((s) => ({ type: "line", name: s.name, data: s.values, symbolSize: 7, connectNulls: true, lineStyle: { width: 3 } })),
  };
}

/** Stacked horizontal bar of parts of a whole (items complete, in progress, untouched). */
export function stackedBar(input: { title: string; subtitle?: string; parts: { name: string; value: number; color: string }[] }): EChartsOption {
  return {
    title: title(input.title, input.subtitle),
    legend: { bottom: 0, itemGap: 40 },
    grid: { left: 20, right: 30, top: input.subtitle ? 80 : 60, bottom: 50, containLabel: true },
    xAxis: { type: "value" },
    yAxis: { type: "category", data: ["items"], show: false },
    series: input.parts.map((p) => ({ type: "bar", name: `${p.name} (${p.value})`, stack: "all", data: [p.value], itemStyle: { color: p.color }, barWidth: 60, label: { show: p.value > 0, formatter: String(p.value), fontSize: 14 } })),
  };
}

/** A leaderboard: ratings as points with confidence-interval whiskers, best first. */
export function leaderboardChart(input: { title: string; subtitle?: string; models: string[]; ratings: number[]; ci: [number, number][] }): EChartsOption {
  const labels = input.models.map((m) => shortLabel(m, 26));
  const low = Math.min(...input.ci.map((c) => c[0]), ...input.ratings);
  const high = Math.max(...input.ci.map((c) => c[1]), ...input.ratings);
  const pad = Math.max(10, (high - low) * 0.1);
  return {
    title: title(input.title, input.subtitle),
    grid: { left: 20, right: 60, top: input.subtitle ? 80 : 60, bottom: 30, containLabel: true },
    xAxis: { type: "value", min: Math.floor((low - pad) / 10) * 10, max: Math.ceil((high + pad) / 10) * 10, name: "Elo scale (400 points = 10× the odds)", nameLocation: "middle", nameGap: 28 },
    yAxis: { type: "category", data: labels, inverse: true },
    series: [
      {
        // Whiskers: a thin bar from the lower to the upper bound, stacked on an invisible offset.
        type: "bar",
        stack: "ci",
        data: input.ci.map((c) => c[0]),
        itemStyle: { color: "transparent" },
        silent: true,
        barWidth: 4,
      },
      { type: "bar", stack: "ci", data: input.ci.map((c) => c[1] - c[0]), itemStyle: { color: "#9aa7c7" }, barWidth: 4, silent: true },
      { type: "scatter", data: input.ratings.map((r, i) => [r, i]), symbolSize: 14, itemStyle: { color: "#5470c6" }, label: { show: true, position: "top", formatter: (p: { value?: unknown }) => String(Math.round((p.value as number[])[0]!)), fontSize: 13 } },
    ],
  };
}
