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

/** One fit on a leaderboard chart: a rating per model (in the chart's model order), with optional intervals. */
export interface LeaderboardSeries {
  name: string;
  ratings: number[];
  ci?: ([number, number] | undefined)[];
  color: string;
}

/**
 * A leaderboard: ratings as points with confidence-interval whiskers, best first. With several
 * fits (raw and style-controlled) each model's points sit one above the other, in the fits' colours.
 */
export function leaderboardChart(input: { title: string; subtitle?: string; models: string[]; series: LeaderboardSeries[]; axisName: string; digits?: number }): EChartsOption {
  const labels = input.models.map((m) => shortLabel(m, 26));
  const values = input.series.flatMap((s) => [...s.ratings, ...(s.ci ?? []).flatMap((c) => c ?? [])]);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = Math.max((high - low) * 0.08, 1e-6);
  const step = 10 ** Math.floor(Math.log10(Math.max(high - low, 1e-9)));
  const spacing = input.series.length > 1 ? 14 : 0;
  return {
    title: title(input.title, input.subtitle),
    ...(input.series.length > 1 ? { legend: { bottom: 0, data: input.series.map((s) => s.name), itemGap: 30 } } : {}),
    grid: { left: 20, right: 40, top: input.subtitle ? 80 : 60, bottom: input.series.length > 1 ? 70 : 40, containLabel: true },
    xAxis: { type: "value", min: Math.floor((low - pad) / step) * step, max: Math.ceil((high + pad) / step) * step, name: input.axisName, nameLocation: "middle", nameGap: 28 },
    yAxis: { type: "category", data: labels, inverse: true },
    series: input.series.map((s, k) => {
      const offset = (k - (input.series.length - 1) / 2) * spacing;
      return {
        type: "custom",
        name: s.name,
        itemStyle: { color: s.color },
        encode: { x: [0, 2, 3], y: 1 },
        data: s.ratings.map((r, i) => [r, i, s.ci?.[i]?.[0] ?? r, s.ci?.[i]?.[1] ?? r]),
        renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (p: number[]) => number[] }) => {
          const [x, y] = api.coord([api.value(0), api.value(1)]) as [number, number];
          const [x0] = api.coord([api.value(2), api.value(1)]) as [number];
          const [x1] = api.coord([api.value(3), api.value(1)]) as [number];
          const yy = y + offset;
          const line = (a: number[], b: number[]) => ({ type: "line", shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: { stroke: s.color, lineWidth: 2 } });
          return {
            type: "group",
            children: [
              line([x0, yy], [x1, yy]),
              line([x0, yy - 4], [x0, yy + 4]),
              line([x1, yy - 4], [x1, yy + 4]),
              { type: "circle", shape: { cx: x, cy: yy, r: 6 }, style: { fill: s.color } },
              { type: "text", x: x1 + 8, y: yy, style: { text: api.value(0).toFixed(input.digits ?? 0), fill: "#333", fontSize: 12, verticalAlign: "middle" } },
            ],
          };
        },
      };
    }) as EChartsOption["series"],
  };
}
