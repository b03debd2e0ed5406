import { Resvg } from "@resvg/resvg-js";
import * as echarts from "echarts";
import type { EChartsOption } from "echarts";

/** The font every chart uses; DejaVu Sans ships with Debian (fonts-dejavu-core), which .ci/run installs if missing. */
export const CHART_FONT = "DejaVu Sans";

export interface ChartSize {
  width: number;
  height: number;
}

/**
 * Renders an ECharts option on the server, without a browser: ECharts' SSR to SVG, then resvg to a
 * PNG at twice the size for crisp text in chat clients. Animation is off and the background white,
 * so the picture is the final chart.
 */
export function renderChartSvg(option: EChartsOption, size: ChartSize = { width: 900, height: 500 }): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, backgroundColor: "#ffffff", textStyle: { fontFamily: CHART_FONT, fontSize: 13 }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function renderChartPng(option: EChartsOption, size: ChartSize = { width: 900, height: 500 }): Buffer {
  const svg = renderChartSvg(option, size);
  const png = new Resvg(svg, { fitTo: { mode: "width", value: size.width * 2 }, background: "#ffffff", font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT } }).render();
  return png.asPng();
}
