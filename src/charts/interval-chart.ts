import type { EChartsOption } from "echarts";
import { distinctLabels, wrapTitle } from "./kinds.js";

/**
 * Estimates with confidence intervals, one row each (kappa per group): a point with its value
 * printed, and a whisker from the lower to the upper bound. Works for negative values too.
 */
export function intervalChart(input: {
  title: string;
  subtitle?: string;
  labels: string[];
  values: number[];
  ci: [number, number][];
  min?: number;
  max?: number;
  colors?: string[];
  axisName?: string;
}): EChartsOption {
  const labels = distinctLabels(input.labels, 36);
  const finite = [...input.values, ...input.ci.flat()].filter(Number.isFinite);
  // Bounds on the 0.2 grid the ticks use, so no tick label crowds another at an edge.
  const min = input.min ?? Math.min(0, Math.floor(Math.min(...finite) * 5) / 5);
  const max = input.max ?? Math.max(1, Math.ceil(Math.max(...finite) * 5) / 5);
  return {
    title: {
      text: wrapTitle(input.title),
      ...(input.subtitle ? { subtext: input.subtitle } : {}),
      left: "center",
      textStyle: { fontSize: 18 },
      subtextStyle: { fontSize: 12, color: "#555" },
    },
    grid: { left: 40, right: 40, top: (input.subtitle ? 80 : 60) + (wrapTitle(input.title).includes("\n") ? 24 : 0), bottom: 50, containLabel: true },
    xAxis: {
      type: "value",
      min,
      max,
      interval: 0.2,
      axisLabel: { formatter: (v: number) => v.toFixed(1) },
      ...(input.axisName ? { name: input.axisName, nameLocation: "middle", nameGap: 28 } : {}),
    },
    yAxis: { type: "category", data: labels, inverse: true, axisLabel: { fontSize: 13 } },
    series: [
      ...input.ci.map((c, i) => ({
        type: "line" as const,
        data: [
          [c[0], i],
          [c[1], i],
        ],
        symbol: "path://M0,-6L0,6",
        symbolSize: [2, 12],
        lineStyle: { width: 3, color: "#9aa7c7" },
        itemStyle: { color: "#9aa7c7" },
        silent: true,
      })),
      {
        type: "scatter",
        data: input.values.map((v, i) => ({ value: [v, i], itemStyle: { color: input.colors?.[i] ?? "#5470c6" } })),
        symbolSize: 14,
        label: { show: true, position: "top", formatter: (p: { value?: unknown }) => Number((p.value as number[])[0]).toFixed(2), fontSize: 13 },
      },
    ],
  };
}
