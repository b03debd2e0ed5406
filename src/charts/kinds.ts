import type { EChartsOption } from "echarts";

const PALETTE = ["#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4"];

/**
 * A category label shortened only when it is longer than `max` (the room the axis has), from the
 * middle: names often differ only at their ends (annotator1, annotator2).
 */
export function shortLabel(label: string, max = 32): string {
  if (label.length <= max) return label;
  const tail = Math.floor((max - 1) / 2);
  return `${label.slice(0, max - 1 - tail)}…${label.slice(label.length - tail)}`;
}

/**
 * Labels shortened as {@link shortLabel} does, but kept distinct: where two shortened labels would
 * read the same, those keep more characters until they differ (or are whole).
 */
export function distinctLabels(labels: readonly string[], max = 32): string[] {
  const out = labels.map((l) => shortLabel(l, max));
  for (let room = max + 2; room <= Math.max(max, ...labels.map((l) => l.length)) + 1; room += 2) {
    const seen = new Map<string, number>();
    for (const l of out) seen.set(l, (seen.get(l) ?? 0) + 1);
    const clashing = out.map((l, i) => ((seen.get(l) ?? 0) > 1 && l !== labels[i] ? i : -1)).filter((i) => i >= 0);
    if (clashing.length === 0) break;
    for (const i of clashing) out[i] = shortLabel(labels[i]!, room);
  }
  return out;
}

/** Characters of an 18-px bold title that fit across a 900-px chart, with margins. */
const TITLE_CHARS = 70;

/**
 * A chart title that is never clipped: past the width it breaks into two lines, at " · " (before
 * the campaign's title) or a space, and the grid moves down by `titleExtra` to make room.
 */
function title(text: string, subtext?: string) {
  return { text: wrapTitle(text), ...(subtext ? { subtext } : {}), left: "center", textStyle: { fontSize: 18 }, subtextStyle: { fontSize: 12, color: "#555" } };
}

export function wrapTitle(text: string): string {
  if (text.length <= TITLE_CHARS) return text;
  const dot = text.lastIndexOf(" · ", TITLE_CHARS);
  const cut = dot > 10 ? dot : text.lastIndexOf(" ", TITLE_CHARS);
  if (cut <= 0) return `${text.slice(0, TITLE_CHARS - 1)}…`;
  const rest = text.slice(cut + (dot === cut ? 3 : 1));
  return `${text.slice(0, cut)}\n${rest.length > TITLE_CHARS ? `${rest.slice(0, TITLE_CHARS - 1)}…` : rest}`;
}

/** The grid's top edge: below the title (one or two lines) and the subtitle. */
function gridTop(titleText: string, subtext?: string): number {
  return (subtext ? 80 : 60) + (titleText.length > TITLE_CHARS ? 24 : 0);
}

/**
 * Horizontal bars with the value printed on each, and an optional reference line (a threshold, 50%).
 * `valueLabels` replaces the printed values (extra figures go there, so category labels stay names).
 */
export function barChart(input: {
  title: string;
  subtitle?: string;
  labels: string[];
  values: number[];
  valueLabels?: string[];
  percent?: boolean;
  reference?: { value: number; label: string };
  max?: number;
  colors?: string[];
}): EChartsOption {
  const fmt = (v: number) => (input.percent ? `${(v * 100).toFixed(0)}%` : Number.isInteger(v) ? String(v) : v.toFixed(2));
  const printed = (p: { value?: unknown; dataIndex?: number }) => input.valueLabels?.[p.dataIndex ?? -1] ?? fmt(Number(p.value));
  const labels = distinctLabels(input.labels);
  // Counts get whole-number ticks: no "0.2 votes".
  const counts = !input.percent && input.values.every((v) => Number.isInteger(v));
  return {
    color: PALETTE,
    title: title(input.title, input.subtitle),
    // Room above the plot for the reference line's label, clear of the axis ticks below.
    // Room on the right for the longest printed value ("100% of 25"), so none is clipped.
    grid: {
      left: 20,
      right: 24 + 8 * Math.max(3, ...input.values.map((v, i) => (input.valueLabels?.[i] ?? fmt(v)).length)),
      top: gridTop(input.title, input.subtitle) + (input.reference ? 16 : 0),
      bottom: 30,
      containLabel: true,
    },
    xAxis: {
      type: "value",
      min: 0,
      ...(input.max !== undefined ? { max: input.max } : {}),
      // All zero: an axis 0…1, not ECharts' fractions; otherwise ECharts' own rounded maximum (not the odd data maximum).
      ...(counts ? { minInterval: 1, ...(input.values.every((v) => v === 0) ? { max: 1 } : {}) } : {}),
      ...(input.percent ? { axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } : {}),
    },
    yAxis: { type: "category", data: labels, inverse: true, axisLabel: { fontSize: 13 } },
    series: [
      {
        type: "bar",
        data: input.values.map((v, i) => ({ value: v, ...(input.colors?.[i] ? { itemStyle: { color: input.colors[i] } } : {}) })),
        barMaxWidth: 34,
        label: { show: true, position: "right", formatter: printed, fontSize: 13 },
        ...(input.reference
          ? // The label sits above the plot ("start": the categories run top down), not among the tick labels.
            {
              markLine: {
                symbol: "none",
                lineStyle: { color: "#c23531", type: "dashed", width: 2 },
                label: { formatter: input.reference.label, fontSize: 12, position: "start", color: "#c23531", distance: 4 },
                data: [{ xAxis: input.reference.value }],
              },
            }
          : {}),
      },
    ],
  };
}

/**
 * A heatmap of a square matrix (pairwise kappa, win rates), values printed in the cells, coloured
 * over the metric's real range with a legend. `diverging` (kappa, −1…1) centres the scale on 0
 * (chance): red below, white at chance, blue above, so disagreement is as visible as agreement.
 * Empty cells (too few shared items) are grey and say so.
 */
export function heatmapChart(input: {
  title: string;
  subtitle?: string;
  labels: string[];
  matrix: (number | null)[][];
  min: number;
  max: number;
  digits?: number;
  diverging?: boolean;
  legend?: [string, string];
  emptyNote?: string;
}): EChartsOption {
  const labels = distinctLabels(input.labels, 24);
  const data: [number, number, number][] = [];
  const empty: [number, number, string][] = [];
  input.matrix.forEach((row, i) => row.forEach((v, j) => (v === null ? empty.push([j, i, "–"]) : data.push([j, i, Number(v.toFixed(input.digits ?? 2))]))));
  const colors = input.diverging ? ["#b2182b", "#f4a582", "#f7f7f7", "#92c5de", "#2166ac"] : ["#d73027", "#fee08b", "#1a9850"];
  const [low, high] = input.legend ?? [String(input.min), String(input.max)];
  return {
    title: title(input.title, input.subtitle),
    grid: { left: 20, right: 20, top: gridTop(input.title, input.subtitle), bottom: 90, containLabel: true },
    xAxis: { type: "category", data: labels, axisLabel: { rotate: 30, fontSize: 12, interval: 0 } },
    yAxis: { type: "category", data: labels, inverse: true, axisLabel: { fontSize: 12, interval: 0 } },
    visualMap: [
      {
        type: "continuous",
        min: input.min,
        max: input.max,
        seriesIndex: 0,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 6,
        text: [high, low],
        itemWidth: 14,
        itemHeight: 220,
        inRange: { color: colors },
      },
      // The empty cells: grey, outside the scale (a heatmap series needs a visual map of its own).
      { type: "piecewise", show: false, seriesIndex: 1, pieces: [{ value: 0, color: "#eeeeee" }] },
    ],
    series: [
      { type: "heatmap", data, label: { show: true, fontSize: 12, color: "#222" }, itemStyle: { borderColor: "#ffffff", borderWidth: 1 } },
      ...(empty.length > 0
        ? [
            {
              type: "heatmap" as const,
              name: input.emptyNote ?? "no data",
              data: empty.map(([x, y]) => [x, y, 0]),
              itemStyle: { borderColor: "#ffffff", borderWidth: 1 },
              label: { show: true, formatter: "–", color: "#888", fontSize: 12 },
            },
          ]
        : []),
    ],
    ...(empty.length > 0 && input.emptyNote
      ? { graphic: [{ type: "text", right: 20, bottom: 8, style: { text: `– ${input.emptyNote}`, fill: "#666", fontSize: 11 } }] }
      : {}),
  };
}

/** Lines over time (judgments per day, weekly agreement). */
export function lineChart(input: {
  title: string;
  subtitle?: string;
  x: string[];
  series: { name: string; values: (number | null)[] }[];
  percent?: boolean;
}): EChartsOption {
  return {
    color: PALETTE,
    title: title(input.title, input.subtitle),
    legend: { bottom: 0 },
    grid: { left: 20, right: 30, top: gridTop(input.title, input.subtitle), bottom: 50, containLabel: true },
    xAxis: { type: "category", data: input.x, boundaryGap: false },
    // Counts: whole-number ticks from 0, and at least 0…1 when every count is 0.
    yAxis: {
      type: "value",
      min: 0,
      ...(input.percent
        ? { max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } }
        : { minInterval: 1, ...(input.series.every((s) => s.values.every((v) => !v)) ? { max: 1 } : {}) }),
    },
    series: input.series.map((s) => ({ type: "line", name: s.name, data: s.values, symbolSize: 7, connectNulls: true, lineStyle: { width: 3 } })),
  };
}

/** Stacked horizontal bar of parts of a whole (items complete, in progress, untouched). */
export function stackedBar(input: { title: string; subtitle?: string; parts: { name: string; value: number; color: string }[] }): EChartsOption {
  const total = input.parts.reduce((sum, p) => sum + p.value, 0);
  return {
    title: title(input.title, input.subtitle),
    legend: { bottom: 0, itemGap: 40 },
    grid: { left: 20, right: 30, top: gridTop(input.title, input.subtitle), bottom: 50, containLabel: true },
    xAxis: { type: "value", min: 0, minInterval: 1, ...(total === 0 ? { max: 1 } : {}) },
    yAxis: { type: "category", data: ["items"], show: false },
    // A part too thin to hold its number keeps it in the legend only.
    series: input.parts.map((p) => ({
      type: "bar",
      name: `${p.name} (${p.value})`,
      stack: "all",
      data: [p.value],
      itemStyle: { color: p.color },
      barWidth: 60,
      label: { show: p.value > 0 && p.value >= total * 0.04, formatter: String(p.value), fontSize: 14 },
    })),
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
export function leaderboardChart(input: {
  title: string;
  subtitle?: string;
  models: string[];
  series: LeaderboardSeries[];
  axisName: string;
  digits?: number;
}): EChartsOption {
  const labels = distinctLabels(input.models, 32);
  const values = input.series.flatMap((s) => [...s.ratings, ...(s.ci ?? []).flatMap((c) => c ?? [])]);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = Math.max((high - low) * 0.08, 1e-6);
  const step = 10 ** Math.floor(Math.log10(Math.max(high - low, 1e-9)));
  const spacing = input.series.length > 1 ? 14 : 0;
  return {
    title: title(input.title, input.subtitle),
    ...(input.series.length > 1 ? { legend: { bottom: 0, data: input.series.map((s) => s.name), itemGap: 30 } } : {}),
    grid: { left: 20, right: 40, top: gridTop(input.title, input.subtitle), bottom: input.series.length > 1 ? 70 : 40, containLabel: true },
    xAxis: {
      type: "value",
      min: Math.floor((low - pad) / step) * step,
      max: Math.ceil((high + pad) / step) * step,
      name: input.axisName,
      nameLocation: "middle",
      nameGap: 28,
    },
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
          const line = (a: number[], b: number[]) => ({
            type: "line",
            shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] },
            style: { stroke: s.color, lineWidth: 2 },
          });
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
