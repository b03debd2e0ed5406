import { Resvg } from "@resvg/resvg-js";
import * as echarts from "echarts";
import type { EChartsOption } from "echarts";

/** The font every chart uses; DejaVu Sans ships with Debian (fonts-dejavu-core), which .ci/run installs if missing. */
const CHART_FONT = "DejaVu Sans";

export interface ChartSize {
  width: number;
  height: number;
}

/**
 * Renders an ECharts option on the server, without a browser: ECharts' SSR to SVG, then resvg to a
 * PNG at twice the size for crisp text in chat clients. Animation is off and the background white,
 * so the picture is the final chart.
 */
/**
 * The size a chart needs: 900 px wide; horizontal bar charts (categories down the side) as tall as
 * their rows need, so a chart of one or two bars is not a page of white; others 500 px.
 */
export function chartSize(option: EChartsOption): ChartSize {
  const y = option.yAxis as { type?: string; data?: unknown[]; show?: boolean } | undefined;
  const x = option.xAxis as { type?: string } | undefined;
  if (!y || Array.isArray(y) || y.type !== "category" || x?.type !== "value") return { width: 900, height: 500 };
  const rows = Math.max(1, y.data?.length ?? 1);
  const grid = option.grid as { top?: number; bottom?: number } | undefined;
  const chrome = (grid?.top ?? 60) + (grid?.bottom ?? 30) + 40 + (option.legend ? 30 : 0);
  const perRow = y.show === false ? 90 : rows === 1 ? 70 : 52;
  return { width: 900, height: Math.min(1400, Math.max(220, chrome + rows * perRow)) };
}

export function renderChartSvg(option: EChartsOption, size: ChartSize = chartSize(option)): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, backgroundColor: "#ffffff", textStyle: { fontFamily: CHART_FONT, fontSize: 13 }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function renderChartPng(option: EChartsOption, size: ChartSize = chartSize(option)): Buffer {
  const svg = renderChartSvg(option, size);
  const png = new Resvg(svg, {
    fitTo: { mode: "width", value: size.width * 2 },
    background: "#ffffff",
    font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT },
  }).render();
  return png.asPng();
}
